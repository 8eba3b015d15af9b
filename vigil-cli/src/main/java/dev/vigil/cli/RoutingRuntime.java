package dev.vigil.cli;

import dev.vigil.docker.DockerRuntime;
import dev.vigil.runtime.Adoption;
import dev.vigil.runtime.Instance;
import dev.vigil.runtime.Runtime;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Stack;

import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The runtime of a stack that may mix processes and containers: each service goes to the process runtime, or —
 * when it has an image — to the container runtime, which connects to the engine only when first needed (a stack
 * of processes never looks for Docker or Podman).
 */
final class RoutingRuntime implements Runtime {

    private final Runtime processes;
    private final Set<String> containerServices;
    private final Supplier<DockerRuntime> factory;
    private DockerRuntime containers;

    RoutingRuntime(Stack stack, Runtime processes, Path logsDir) {
        this.processes = processes;
        this.containerServices = stack.services().stream().filter(ServiceSpec::isContainer).map(ServiceSpec::name)
                .collect(Collectors.toUnmodifiableSet());
        this.factory = () -> new DockerRuntime(stack.name(), logsDir);
    }

    /** The container runtime, connected on first use. */
    synchronized DockerRuntime containers() {
        if (containers == null) {
            containers = factory.get();
        }
        return containers;
    }

    /**
     * The stack with each container service readied ({@link DockerRuntime#prepare}: image pulled as its policy
     * says, the image's HEALTHCHECK where it stands in for a declared probe); the stack as declared when no engine
     * answers, which the first start then reports.
     */
    Stack prepared(Stack stack) {
        if (containerServices.isEmpty()) {
            return stack;
        }
        DockerRuntime docker;
        try {
            docker = containers();
        } catch (RuntimeException e) {
            return stack;
        }
        return stack.withServices(stack.services().stream().map(s -> s.isContainer() ? docker.prepare(s) : s).toList());
    }

    @Override
    public String name() {
        return containerServices.isEmpty() ? processes.name() : processes.name() + "+docker";
    }

    @Override
    public Instance start(ServiceSpec spec) {
        return spec.isContainer() ? containers().start(spec) : processes.start(spec);
    }

    @Override
    public Adoption adopt(ServiceSpec spec) {
        return spec.isContainer() ? containers().adopt(spec) : processes.adopt(spec);
    }

    @Override
    public Optional<Path> logFile(String service) {
        return containerServices.contains(service) ? containers().logFile(service) : processes.logFile(service);
    }

    /** After the stack went down: removes its containers that no longer run (Vigil's only). */
    synchronized void removeExitedContainers() {
        if (containers != null) {
            containers.removeExited();
        }
    }

    @Override
    public synchronized void close() {
        processes.close();
        if (containers != null) {
            containers.close();
        }
    }
}
