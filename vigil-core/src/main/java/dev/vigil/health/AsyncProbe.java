package dev.vigil.health;

import java.util.function.Consumer;

/**
 * A probe whose check can run on a {@link ProbeLoop} without blocking it: its I/O waits on the loop's selector, not
 * on a thread of its own. Its blocking {@link #check()} remains for callers that are not on a loop.
 */
public interface AsyncProbe extends Probe {

    /**
     * Starts one check on {@code loop}'s thread, never while one runs; {@code done} is told its result exactly once,
     * on that thread, within the probe's timeout. After {@link #close()}, a check still running may end without it.
     */
    void start(ProbeLoop loop, Consumer<ProbeResult> done);
}
