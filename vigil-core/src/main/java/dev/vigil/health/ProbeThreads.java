package dev.vigil.health;

import dev.vigil.time.Scheduler;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;

/**
 * Where each probe's runs happen: the timer that schedules them, the executor its blocking checks run on, and the
 * loop its asynchronous checks run on. Shared, the supervisors' scheduler and one pool serve every probe (tests
 * drive both by hand); dedicated, plain-HTTP probes run on one {@link ProbeLoop} of the daemon's and every other
 * probe has a thread of its own that sleeps until its next run and runs the check itself (docs/benchmarks.md).
 */
public interface ProbeThreads extends AutoCloseable {

    /** Stack of a probe's own thread: a check is a socket call or a process start, never deep. */
    long PROBE_THREAD_STACK = 256 * 1024;
    /**
     * The grid dedicated probe threads and the probe loop wake on: runs due within the same 100 ms start together,
     * up to 50 ms early or late, so that a hundred probes a second wake the machine ten times a second, not a
     * hundred.
     */
    Duration PROBE_TICK = Duration.ofMillis(100);

    /**
     * The timer and the checks executor of one probe, and what lets go of them when it stops.
     *
     * @param loop where an {@link AsyncProbe}'s checks start; without one, every check runs on {@code checks}
     */
    record Lease(Scheduler timers, Executor checks, Optional<ProbeLoop> loop, Runnable release) {

        /** Every check on {@code checks}. */
        public Lease(Scheduler timers, Executor checks, Runnable release) {
            this(timers, checks, Optional.empty(), release);
        }
    }

    /** Where {@code probe}, one of {@code service}'s, runs. */
    Lease lease(String service, Probe probe);

    /** Ends the threads this gave out; probes still leased stop running. Nothing by default. */
    @Override
    default void close() {
    }

    /** Every probe on {@code timers}, each check handed to {@code checks}. */
    static ProbeThreads shared(Scheduler timers, Executor checks) {
        return (service, probe) -> new Lease(timers, checks, () -> { });
    }

    /**
     * {@link AsyncProbe}s on one {@link ProbeLoop} ({@code vigil-probe-loop}, started with the first); every other
     * probe on a platform thread of its own ({@code vigil-probe-SERVICE}) that is its timer and runs its checks;
     * all their runs on the {@link #PROBE_TICK} grid. Close it when the daemon stops.
     */
    static ProbeThreads dedicated() {
        return new DedicatedProbeThreads();
    }
}
