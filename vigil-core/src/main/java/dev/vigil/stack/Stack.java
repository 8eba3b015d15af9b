package dev.vigil.stack;

import dev.vigil.window.Window;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What one stack file describes: its services in declaration order, its windows and its profiles.
 *
 * @param services the services as they run: with the settings of the active profiles laid over them
 * @param activeProfiles the profiles whose settings are in {@code services}, in the file's order
 * @param envFiles the env files the services read, path to text with secret values masked: what the version
 *                 history keeps beside the stack file
 * @param alerting rules, routing and receivers; {@link dev.vigil.alerting.AlertingSettings#NONE} when not set
 * @param statusPage the shared status page; {@link StatusPageSettings#NONE} when not set
 */
public record Stack(String name, Path file, List<ServiceSpec> services, List<Window> windows, List<Profile> profiles,
                    Set<String> activeProfiles, java.util.Map<String, String> envFiles, MetricsSettings metrics,
                    dev.vigil.alerting.AlertingSettings alerting, StatusPageSettings statusPage) {

    public Stack {
        services = List.copyOf(services);
        windows = List.copyOf(windows);
        profiles = List.copyOf(profiles);
        activeProfiles = java.util.Collections.unmodifiableSet(new LinkedHashSet<>(activeProfiles));
        envFiles = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(envFiles));
    }

    /** A stack with no profiles. */
    public Stack(String name, Path file, List<ServiceSpec> services, List<Window> windows) {
        this(name, file, services, windows, List.of(), Set.of(), java.util.Map.of(), MetricsSettings.DEFAULT,
                dev.vigil.alerting.AlertingSettings.NONE, StatusPageSettings.NONE);
    }

    /** A stack with no windows. */
    public Stack(String name, Path file, List<ServiceSpec> services) {
        this(name, file, services, List.of());
    }

    /** The same stack with other service specs (e.g. prepared by a runtime); windows and profiles stay. */
    public Stack withServices(List<ServiceSpec> replaced) {
        return new Stack(name, file, replaced, windows, profiles, activeProfiles, envFiles, metrics, alerting, statusPage);
    }

    /** The directory the stack file lives in; relative paths in it resolve against this. */
    public Path directory() {
        return file.toAbsolutePath().getParent();
    }

    public Optional<ServiceSpec> service(String serviceName) {
        return services.stream().filter(s -> s.name().equals(serviceName)).findFirst();
    }

    /** The profiles whose window is open at {@code at}, in the file's order. */
    public Set<String> profilesOpenAt(java.time.Instant at) {
        Set<String> open = new LinkedHashSet<>();
        for (Profile p : profiles) {
            if (windows.stream().anyMatch(w -> w.name().equals(p.window()) && w.openAt(at).isPresent())) {
                open.add(p.name());
            }
        }
        return open;
    }

    public Optional<Profile> profile(String profileName) {
        return profiles.stream().filter(p -> p.name().equals(profileName)).findFirst();
    }
}
