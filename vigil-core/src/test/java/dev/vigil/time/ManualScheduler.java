package dev.vigil.time;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;

/** A scheduler whose time moves only when a test advances it; due timers run on the calling thread. */
public final class ManualScheduler implements Scheduler {

    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private Runnable afterEachTask = () -> { };
    private Instant now;
    private long nanos;
    private long sequence;

    public ManualScheduler() {
        this(Instant.parse("2026-01-01T00:00:00Z"));
    }

    public ManualScheduler(Instant start) {
        this.now = start;
    }

    @Override
    public synchronized Instant now() {
        return now;
    }

    @Override
    public synchronized long nanoTime() {
        return nanos;
    }

    @Override
    public synchronized Cancellable schedule(Duration delay, Runnable task) {
        Timer timer = new Timer(nanos + Math.max(0, delay.toNanos()), sequence++, task);
        timers.add(timer);
        return () -> {
            synchronized (ManualScheduler.this) {
                timers.remove(timer);
            }
        };
    }

    /** Moves time forward, running every timer that falls due on the way, in order. */
    public void advance(Duration by) {
        long target;
        synchronized (this) {
            target = nanos + by.toNanos();
        }
        while (true) {
            Timer next;
            synchronized (this) {
                next = timers.peek();
                if (next == null || next.due > target) {
                    moveTo(target);
                    return;
                }
                timers.poll();
                moveTo(next.due);
            }
            next.task.run();
            afterEachTask.run();
        }
    }

    /** Runs the timers due now (delay zero) without moving time. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    /** Runs after every timer task, e.g. to drain the executors the task handed work to. */
    public void afterEachTask(Runnable hook) {
        this.afterEachTask = hook;
    }

    public synchronized int pendingTimers() {
        return timers.size();
    }

    private void moveTo(long target) {
        now = now.plusNanos(target - nanos);
        nanos = target;
    }

    private record Timer(long due, long seq, Runnable task) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(seq, o.seq);
        }
    }
}
