package dev.vigil.runtime;

import dev.vigil.stack.ServiceSpec;

/** A driver that runs instances of services: local processes today, containers and pods later. */
public interface Runtime extends AutoCloseable {

    /** A short name for messages, e.g. {@code process}. */
    String name();

    /**
     * Starts one instance of the service and returns once it runs.
     *
     * @throws StartFailure when it cannot be started (missing binary, bad working directory, ...)
     */
    Instance start(ServiceSpec spec);

    /**
     * Looks for an instance of the service that an earlier run of Vigil started and left running, so that a
     * restart of Vigil (clean, or after a crash) is not a restart of the stack. A found instance is watched
     * from then on as if this runtime had started it: its exit completes {@link Instance#onExit()}.
     */
    default Adoption adopt(ServiceSpec spec) {
        return Adoption.none();
    }

    /** Where the service's output is written, when the runtime writes it to a file. */
    default java.util.Optional<java.nio.file.Path> logFile(String service) {
        return java.util.Optional.empty();
    }

    /** Releases the runtime's own resources; instances are stopped by their supervisors, not here. */
    @Override
    void close();
}
