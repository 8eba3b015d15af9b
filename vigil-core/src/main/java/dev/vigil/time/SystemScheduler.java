package dev.vigil.time;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** Real time: timers fire on one platform thread and must only hand work on. */
public final class SystemScheduler implements Scheduler, AutoCloseable {

    private final ScheduledExecutorService timers;

    public SystemScheduler() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "vigil-timer");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        this.timers = executor;
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        var future = timers.schedule(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                // A timer task that throws must not take the timer thread's other tasks with it.
                System.err.println("vigil: timer task failed: " + e);
            }
        }, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
