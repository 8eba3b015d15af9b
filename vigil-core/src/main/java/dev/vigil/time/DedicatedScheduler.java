package dev.vigil.time;

import java.time.Duration;
import java.time.Instant;
import java.util.PriorityQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Real time whose timers run on one thread of their own, in due order, and may block it: for blocking work on a
 * timetable, such as one probe's runs. A shared timer thread that hands each run to a pool wakes two threads per
 * run and passes the work between them; here the thread that slept until the run was due does it. Closing ends the
 * thread once a task that is running returns.
 *
 * <p>With a tick, a timer fires at the multiple of the tick (of {@link System#nanoTime()}, the same grid for every
 * instance) nearest to its due time, up to half a tick early or late: the threads of timers due within the same
 * tick then wake in one timer interrupt instead of one each, which is much of what a wake-up costs on a virtual
 * machine (docs/benchmarks.md).
 */
public final class DedicatedScheduler implements Scheduler, AutoCloseable {

    private final long tickNanos;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long sequence;
    private boolean closed;

    /** Timers fire when due. */
    public DedicatedScheduler(ThreadFactory threads) {
        this(threads, Duration.ZERO);
    }

    /** @param tick the grid timers fire on; zero: when due */
    public DedicatedScheduler(ThreadFactory threads, Duration tick) {
        this.tickNanos = tick.toNanos();
        threads.newThread(this::loop).start();
    }

    /**
     * The multiple of {@code tick} nearest to {@code due}; {@code due} itself for a zero tick. The probe loop fires
     * on the same grid.
     */
    public static long onTick(long due, long tick) {
        return tick <= 0 ? due : Math.floorDiv(due + tick / 2, tick) * tick;
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
        Timer timer = new Timer(onTick(System.nanoTime() + Math.max(0, delay.toNanos()), tickNanos), task);
        lock.lock();
        try {
            if (closed) {
                return () -> { };
            }
            timer.sequence = sequence++;
            timers.add(timer);
            if (timers.peek() == timer) {
                changed.signal(); // costs nothing when the thread itself scheduled it: nobody waits
            }
        } finally {
            lock.unlock();
        }
        return () -> {
            lock.lock();
            try {
                timers.remove(timer);
            } finally {
                lock.unlock();
            }
        };
    }

    /** Drops the timers not yet run; the thread ends after the task it runs now, if any. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            timers.clear();
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    private void loop() {
        while (true) {
            Runnable task = next();
            if (task == null) {
                return;
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                // A task that throws must not take the later ones with it.
                System.err.println("vigil: timer task failed: " + e);
            }
        }
    }

    /** The next task once it is due; null once closed. */
    private Runnable next() {
        lock.lock();
        try {
            while (!closed) {
                Timer head = timers.peek();
                long wait = head == null ? Long.MAX_VALUE : head.due - System.nanoTime();
                if (wait <= 0) {
                    return timers.poll().task;
                }
                try {
                    if (head == null) {
                        changed.await();
                    } else {
                        changed.awaitNanos(wait);
                    }
                } catch (InterruptedException e) {
                    // only close() ends the thread
                }
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    private static final class Timer implements Comparable<Timer> {
        final long due;
        final Runnable task;
        long sequence;

        Timer(long due, Runnable task) {
            this.due = due;
            this.task = task;
        }

        @Override
        public int compareTo(Timer o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(sequence, o.sequence);
        }
    }
}
