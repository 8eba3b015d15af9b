package dev.vigil.health;

import dev.vigil.time.DedicatedScheduler;
import dev.vigil.time.Scheduler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.PriorityQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One thread that runs the timers of many probes and the socket I/O of their checks: a {@link Selector} and a timer
 * queue. A hundred plain-HTTP probes a second cost the daemon a thread each when every probe slept on its own
 * thread and blocked in its socket reads; here one thread waits for all of them, wakes on the {@link
 * ProbeThreads#PROBE_TICK} grid for the runs due, writes their requests and reads their answers as they come.
 * Timers, tasks and channel handlers run on the loop's thread and must never block it.
 */
public final class ProbeLoop implements Scheduler, Executor, AutoCloseable {

    /** Told that a channel registered with the loop is ready; runs on the loop's thread. */
    @FunctionalInterface
    interface Handler {
        void ready(SelectionKey key);
    }

    /** The loop is awake: nobody needs to wake it, it looks at the timers before it sleeps again. */
    private static final long AWAKE = Long.MIN_VALUE;

    private final long tickNanos;
    private final Selector selector;
    private final Thread thread;
    private final ReentrantLock lock = new ReentrantLock();
    // Guarded by lock.
    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private long sequence;
    /** When the sleeping loop wakes by itself; AWAKE while it runs. */
    private long sleepsUntil = AWAKE;
    private long wakeups;
    private volatile boolean closed;

    /** A loop on the {@link ProbeThreads#PROBE_TICK} grid, its thread named {@code name}. */
    public ProbeLoop(String name) {
        this(name, ProbeThreads.PROBE_TICK);
    }

    /** @param tick the grid timers fire on; zero: when due */
    public ProbeLoop(String name, Duration tick) {
        this.tickNanos = tick.toNanos();
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector for the probe loop", e);
        }
        this.thread = Thread.ofPlatform().name(name).daemon(true).stackSize(ProbeThreads.PROBE_THREAD_STACK)
                .unstarted(this::loop);
        thread.start();
    }

    @Override
    public Instant now() {
        return Instant.now();
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    /** True on the loop's own thread. */
    public boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        return add(new Timer(DedicatedScheduler.onTick(System.nanoTime() + Math.max(0, delay.toNanos()), tickNanos),
                task));
    }

    private Cancellable add(Timer timer) {
        boolean wake;
        lock.lock();
        try {
            if (closed) {
                return timer;
            }
            timer.sequence = sequence++;
            timers.add(timer);
            // Only a timer due before the sleeping loop would wake is worth waking it for.
            wake = sleepsUntil != AWAKE && timer.due < sleepsUntil;
            if (wake) {
                sleepsUntil = AWAKE;
                wakeups++;
            }
        } finally {
            lock.unlock();
        }
        if (wake) {
            selector.wakeup();
        }
        return timer;
    }

    /**
     * Runs {@code task} {@code delayNanos} from now exactly, off the tick grid: for a deadline, which must not come
     * early. Cancel it when it is no longer needed: a cancelled timer never wakes the loop.
     */
    Cancellable scheduleExact(long delayNanos, Runnable task) {
        return add(new Timer(System.nanoTime() + Math.max(0, delayNanos), task));
    }

    /** Runs {@code task} on the loop's thread as soon as it can, off the tick grid. */
    @Override
    public void execute(Runnable task) {
        boolean wake;
        lock.lock();
        try {
            if (closed) {
                return;
            }
            tasks.add(task);
            wake = sleepsUntil != AWAKE;
            if (wake) {
                sleepsUntil = AWAKE;
                wakeups++;
            }
        } finally {
            lock.unlock();
        }
        if (wake) {
            selector.wakeup();
        }
    }

    /** Registers {@code channel} for {@code ops}, {@code handler} told when it is ready; on the loop's thread. */
    SelectionKey register(SelectableChannel channel, int ops, Handler handler) throws ClosedChannelException {
        return channel.register(selector, ops, handler);
    }

    /**
     * Drops the timers and tasks not yet run and ends the thread, which closes every channel registered with it;
     * waits for that unless called on the loop's thread.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            timers.clear();
            tasks.clear();
        } finally {
            lock.unlock();
        }
        selector.wakeup();
        if (!inLoop()) {
            try {
                thread.join(Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** How often another thread woke the sleeping loop; for tests. */
    long wakeups() {
        lock.lock();
        try {
            return wakeups;
        } finally {
            lock.unlock();
        }
    }

    /** The loop sleeps in its selector; for tests. */
    boolean asleep() {
        lock.lock();
        try {
            return sleepsUntil != AWAKE;
        } finally {
            lock.unlock();
        }
    }

    /** The loop's thread has ended. */
    boolean isClosed() {
        return !thread.isAlive();
    }

    private void loop() {
        try {
            while (!closed) {
                runDue();
                long sleep = sleepMillis();
                try {
                    if (sleep == 0) {
                        selector.selectNow();
                    } else {
                        selector.select(sleep == Long.MAX_VALUE ? 0 : sleep);
                    }
                } catch (IOException e) {
                    System.err.println("vigil: probe loop select failed: " + e);
                }
                awake();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (key.isValid()) {
                        try {
                            ((Handler) key.attachment()).ready(key);
                        } catch (RuntimeException e) {
                            System.err.println("vigil: probe loop handler failed: " + e);
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } finally {
            for (SelectionKey key : selector.keys()) {
                try {
                    key.channel().close();
                } catch (IOException e) {
                    // closing anyway
                }
            }
            try {
                selector.close();
            } catch (IOException e) {
                // nothing left to do with it
            }
        }
    }

    private void awake() {
        lock.lock();
        try {
            sleepsUntil = AWAKE;
        } finally {
            lock.unlock();
        }
    }

    /** Runs the tasks handed in and the timers that are due, in due order. */
    private void runDue() {
        while (true) {
            Runnable task;
            lock.lock();
            try {
                task = tasks.poll();
                if (task == null) {
                    Timer head = timers.peek();
                    if (head == null || head.due - System.nanoTime() > 0) {
                        return;
                    }
                    timers.poll();
                    if (head.cancelled) {
                        continue;
                    }
                    task = head.task;
                }
            } finally {
                lock.unlock();
            }
            run(task);
        }
    }

    /** How long to sleep: until the first timer (rounded up to a millisecond), MAX_VALUE for no timer, 0 for now. */
    private long sleepMillis() {
        lock.lock();
        try {
            if (!tasks.isEmpty() || closed) {
                return 0;
            }
            Timer head = timers.peek();
            while (head != null && head.cancelled) {
                timers.poll();
                head = timers.peek();
            }
            if (head == null) {
                sleepsUntil = Long.MAX_VALUE;
                return Long.MAX_VALUE;
            }
            long wait = head.due - System.nanoTime();
            if (wait <= 0) {
                return 0;
            }
            sleepsUntil = head.due;
            return (wait + 999_999) / 1_000_000;
        } finally {
            lock.unlock();
        }
    }

    private static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException e) {
            // A task that throws must not take the loop, and every probe on it, with it.
            System.err.println("vigil: probe loop task failed: " + e);
        }
    }

    private static final class Timer implements Comparable<Timer>, Cancellable {
        final long due;
        final Runnable task;
        long sequence;
        /** Left in the queue when cancelled, and skipped: cancelling is then cheap from any thread. */
        volatile boolean cancelled;

        Timer(long due, Runnable task) {
            this.due = due;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(sequence, o.sequence);
        }
    }
}
