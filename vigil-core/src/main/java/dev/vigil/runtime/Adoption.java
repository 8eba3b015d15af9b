package dev.vigil.runtime;

import java.util.Optional;

/**
 * What a runtime found of a service that an earlier run of Vigil started: nothing, an instance still running
 * (which Vigil takes over without restarting it), or one that ended while nobody watched.
 */
public sealed interface Adoption {

    /** No instance of this service was left by an earlier run. */
    record None() implements Adoption {
    }

    /**
     * An instance still runs and is now watched again.
     *
     * @param drift what differs between the definition it was started with and the current one, if anything
     */
    record Found(Instance instance, Optional<String> drift) implements Adoption {
    }

    /** An instance was recorded but is gone (ended, or its pid now belongs to another process). */
    record Gone(String instanceId, String detail) implements Adoption {
    }

    static Adoption none() {
        return new None();
    }
}
