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

    /** Releases the runtime's own resources; instances are stopped by their supervisors, not here. */
    @Override
    void close();
}
