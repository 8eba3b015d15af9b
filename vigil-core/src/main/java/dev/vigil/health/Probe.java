package dev.vigil.health;

/** One health check that can be run; blocking, called on a checks thread, never concurrently with itself. */
@FunctionalInterface
public interface Probe {

    /** Runs the check once, within the probe's timeout; never throws for a target failure. */
    ProbeResult check();

    /**
     * Lets go of what the probe keeps between runs (an HTTP probe's open connection); called when its instance is
     * no longer probed, possibly while a last check runs. Nothing by default.
     */
    default void close() {
    }
}
