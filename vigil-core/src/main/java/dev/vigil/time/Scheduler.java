package dev.vigil.time;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/** The one source of time: wall clock, monotonic clock and timers. Tests drive a manual one. */
public interface Scheduler {

    Instant now();

    /** Monotonic nanoseconds for measuring elapsed time. */
    long nanoTime();

    /** Runs {@code task} once after {@code delay}; the task must hand real work to a lane. */
    Cancellable schedule(Duration delay, Runnable task);

    /**
     * Blocks the calling thread until this scheduler's time has moved on by {@code delay}: on the system clock a
     * sleep, on a test's manual one until the test advances it. For a blocking loop's retry pause (never on a lane).
     */
    default void pause(Duration delay) throws InterruptedException {
        CompletableFuture<Void> due = new CompletableFuture<>();
        Cancellable timer = schedule(delay, () -> due.complete(null));
        try {
            due.get();
        } catch (InterruptedException e) {
            timer.cancel();
            throw e;
        } catch (ExecutionException e) {
            throw new IllegalStateException("a pause's timer cannot fail", e);
        }
    }

    /** A timer that can be called off; cancelling a fired or cancelled timer does nothing. */
    interface Cancellable {
        void cancel();
    }
}
