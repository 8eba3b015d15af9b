package dev.vigil.change;

import dev.vigil.auth.Role;
import dev.vigil.event.Cause;
import dev.vigil.stack.Stack;

import java.util.Optional;

/**
 * What to apply and on whose behalf.
 *
 * @param text the stack file's text as it is stored in the version history (its env files are in {@code next})
 * @param role the asker's role; empty when Vigil itself applies
 * @param override an admin's reason to go through freeze windows
 * @param rollback go back to the running version when a replaced or new service does not become ready in time
 * @param cause {@code apply}, or {@code rollback} when an earlier version is applied again
 */
public record ApplyRequest(Stack next, String text, String actor, Optional<Role> role,
                           String reason, Optional<String> override, boolean rollback, Cause cause) {

    /** An apply of an edited file (cause {@code apply}). */
    public ApplyRequest(Stack next, String text, String actor, Optional<Role> role,
                        String reason, Optional<String> override, boolean rollback) {
        this(next, text, actor, role, reason, override, rollback, Cause.APPLY);
    }
}
