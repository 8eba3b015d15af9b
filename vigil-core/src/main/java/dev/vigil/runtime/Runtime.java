package dev.vigil.runtime;

import dev.vigil.stack.ServiceSpec;

import java.nio.file.Path;
import java.util.Optional;

/** A driver that runs instances of services: local processes, containers, and pods later. */
public interface Runtime extends AutoCloseable {

    /** A short name for messages, e.g. {@code process}. */
    String name();

    /**
     * Starts the service's primary instance and returns once it runs.
     *
     * @throws StartFailure when it cannot be started (missing binary, bad working directory, ...)
     */
    default Instance start(ServiceSpec spec) {
        return start(spec, Slot.PRIMARY);
    }

    /**
     * Starts one instance of the service in {@code slot} and returns once it runs. Each slot has its own
     * container, log file and records, so an instance in another slot runs beside the primary one.
     *
     * @throws StartFailure when it cannot be started (missing binary, bad working directory, ...)
     */
    Instance start(ServiceSpec spec, Slot slot);

    /**
     * Readies a service before the stack is supervised, and returns the spec to supervise: e.g. a container's
     * image pulled, and the image's own healthcheck added as a probe. The spec as it is when there is nothing to do.
     */
    default ServiceSpec prepare(ServiceSpec spec) {
        return spec;
    }

    /**
     * Looks for an instance of the service that an earlier run of Vigil started and left running, so that a
     * restart of Vigil (clean, or after a crash) is not a restart of the stack. A found instance is watched
     * from then on as if this runtime had started it: its exit completes {@link Instance#onExit()}.
     */
    default Adoption adopt(ServiceSpec spec) {
        return Adoption.none();
    }

    /** Where the service's output is written, when the runtime writes it to a file. */
    default Optional<Path> logFile(String service) {
        return Optional.empty();
    }

    /**
     * The whole stack went down (every service stopped): lets go of what the runtime kept for restarts, e.g.
     * containers that no longer run, as {@code docker compose down} removes them. Not called on a detach.
     */
    default void stackStopped() {
    }

    /** Releases the runtime's own resources; instances are stopped by their supervisors, not here. */
    @Override
    void close();
}
