package dev.vigil.gate;

import dev.vigil.auth.Role;
import dev.vigil.event.Cause;

import java.util.Optional;

/**
 * A voluntary disruption asked for: what would happen to which service, why, and who asks.
 *
 * @param action what would be done, for messages: {@code restart}, {@code stop}, {@code replace}
 * @param role the asker's role; empty when Vigil itself asks (drift, a profile switch)
 * @param override the reason of an emergency override the asker is entitled to (admin, checked before)
 */
public record Disruption(String service, String action, Cause cause, String actor, Optional<Role> role,
                         Optional<String> override) {

    /** Asked by Vigil itself, with no role and no override. */
    public static Disruption byVigil(String service, String action, Cause cause) {
        return new Disruption(service, action, cause, "vigil", Optional.empty(), Optional.empty());
    }
}
