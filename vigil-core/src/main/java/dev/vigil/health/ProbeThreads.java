package dev.vigil.health;

import dev.vigil.time.DedicatedScheduler;
import dev.vigil.time.Scheduler;

import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * Where each probe's runs happen: the timer that schedules them and the executor its checks block. Shared, the
 * supervisors' scheduler and one pool serve every probe (tests drive both by hand); dedicated, each probe has a
 * thread of its own that sleeps until its next run and runs the check itself, which saves the daemon a hand-off
 * between threads on every run (docs/benchmarks.md).
 */
@FunctionalInterface
public interface ProbeThreads {

    /** Stack of a probe's own thread: a check is a socket call or a process start, never deep. */
    long PROBE_THREAD_STACK = 256 * 1024;
    /**
     * The grid dedicated probe threads wake on: runs due within the same 100 ms start together, up to 50 ms early
     * or late, so that a hundred probes a second wake the machine ten times a second, not a hundred.
     */
    Duration PROBE_TICK = Duration.ofMillis(100);

    /** The timer and the checks executor of one probe, and what lets go of them when it stops. */
    record Lease(Scheduler timers, Executor checks, Runnable release) {
    }

    Lease lease(String service);

    /** Every probe on {@code timers}, each check handed to {@code checks}. */
    static ProbeThreads shared(Scheduler timers, Executor checks) {
        return service -> new Lease(timers, checks, () -> { });
    }

    /**
     * A platform thread per probe ({@code vigil-probe-SERVICE}) that is its timer and runs its checks, its runs on
     * the {@link #PROBE_TICK} grid.
     */
    static ProbeThreads dedicated() {
        return service -> {
            DedicatedScheduler own = new DedicatedScheduler(Thread.ofPlatform().name("vigil-probe-" + service)
                    .daemon(true).stackSize(PROBE_THREAD_STACK).factory(), PROBE_TICK);
            return new Lease(own, Runnable::run, own::close);
        };
    }
}
