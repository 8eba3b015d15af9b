package dev.vigil.health;

/** One health check that can be run; blocking, called on a virtual thread, never concurrently with itself. */
@FunctionalInterface
public interface Probe {

    /** Runs the check once, within the probe's timeout; never throws for a target failure. */
    ProbeResult check();
}
