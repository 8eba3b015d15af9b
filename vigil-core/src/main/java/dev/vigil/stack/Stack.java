package dev.vigil.stack;

import dev.vigil.window.Window;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What one stack file describes: its services in declaration order, and its windows. */
public record Stack(String name, Path file, List<ServiceSpec> services, List<Window> windows) {

    public Stack {
        services = List.copyOf(services);
        windows = List.copyOf(windows);
    }

    /** A stack with no windows. */
    public Stack(String name, Path file, List<ServiceSpec> services) {
        this(name, file, services, List.of());
    }

    /** The same stack with other service specs (e.g. prepared by a runtime); the windows stay. */
    public Stack withServices(List<ServiceSpec> replaced) {
        return new Stack(name, file, replaced, windows);
    }

    /** The directory the stack file lives in; relative paths in it resolve against this. */
    public Path directory() {
        return file.toAbsolutePath().getParent();
    }

    public Optional<ServiceSpec> service(String serviceName) {
        return services.stream().filter(s -> s.name().equals(serviceName)).findFirst();
    }
}
