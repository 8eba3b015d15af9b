package dev.vigil.stack;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** What one stack file describes: its services in declaration order. */
public record Stack(String name, Path file, List<ServiceSpec> services) {

    public Stack {
        services = List.copyOf(services);
    }

    /** The directory the stack file lives in; relative paths in it resolve against this. */
    public Path directory() {
        return file.toAbsolutePath().getParent();
    }

    public Optional<ServiceSpec> service(String serviceName) {
        return services.stream().filter(s -> s.name().equals(serviceName)).findFirst();
    }
}
