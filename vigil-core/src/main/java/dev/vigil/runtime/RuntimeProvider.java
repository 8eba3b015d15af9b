package dev.vigil.runtime;

import dev.vigil.stack.ServiceSpec;

/**
 * One kind of runtime a stack may use (local processes, containers): which services it runs, and its
 * {@link Runtime}, opened only when a service of its kind first needs it, so that a stack of processes never
 * connects to a container engine. {@link RuntimeRouter} sends each service to the first provider that runs it.
 */
public interface RuntimeProvider {

    /** A short name for messages, e.g. {@code docker}. */
    String name();

    /** Whether this provider's runtime runs the service (e.g. containers: a service with an image). */
    boolean runs(ServiceSpec spec);

    /**
     * The runtime, opened on the first call, the same one after.
     *
     * @throws StartFailure when it cannot be opened (no container engine answers), naming why
     */
    Runtime runtime();

    /** Whether {@link #runtime()} has opened it: one never opened has nothing to clean up or close. */
    boolean isOpen();
}
