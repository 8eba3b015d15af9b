package dev.vigil.time;

import java.time.Duration;
import java.time.Instant;

/** The one source of time: wall clock, monotonic clock and timers. Tests drive a manual one. */
public interface Scheduler {

    Instant now();

    /** Monotonic nanoseconds for measuring elapsed time. */
    long nanoTime();

    /** Runs {@code task} once after {@code delay}; the task must hand real work to a lane. */
    Cancellable schedule(Duration delay, Runnable task);

    /** A timer that can be called off; cancelling a fired or cancelled timer does nothing. */
    interface Cancellable {
        void cancel();
    }
}
