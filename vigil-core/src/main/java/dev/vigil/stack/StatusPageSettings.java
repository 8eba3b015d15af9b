package dev.vigil.stack;

import java.util.List;

/**
 * The stack file's {@code status_page:}: a read-only page of services' states and uptimes (and their SVG badges) to
 * share, open to anyone who can reach the daemon when {@code open}, else behind any token's session.
 *
 * @param services the services shown, in this order; empty for every service of the stack
 */
public record StatusPageSettings(boolean enabled, String title, List<String> services, boolean open) {

    /** No status page: {@code /status} and the badges answer 404. */
    public static final StatusPageSettings NONE = new StatusPageSettings(false, "", List.of(), false);

    public StatusPageSettings {
        services = List.copyOf(services);
    }
}
