package dev.vigil.stack;

import dev.vigil.window.Window;

import java.util.List;
import java.util.Objects;

/**
 * A named overlay of service settings that applies to some services while a window is open: stricter probes in the
 * peak season, say.
 *
 * @param window the window of the stack file that switches it on and off
 * @param services names or globs; empty for every service
 * @param settings the service keys it sets, as written, in flow style ({@code {health: {interval: 2s}}}), with
 *                 secret values masked: what is shown
 * @param digest a hash of the settings as written, secrets included: what the plan compares
 */
public record Profile(String name, String window, List<String> services, String settings, String digest) {

    public Profile {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(digest, "digest");
        services = List.copyOf(services);
    }

    /** True when the profile applies to the service: it lists no services, or a name or glob that matches. */
    public boolean covers(String service) {
        return services.isEmpty() || services.stream().anyMatch(pattern -> Window.matches(pattern, service));
    }
}
