package dev.vigil.event;

import dev.vigil.time.Scheduler;
import dev.vigil.time.SystemScheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Takes events from producers without blocking them, writes them to the store in batches on one thread,
 * and only then hands them to listeners: nothing is shown that is not stored.
 */
public final class EventBus implements EventSink, AutoCloseable {

    private static final int MAX_BATCH = 512;
    static final Duration RETRY_DELAY = Duration.ofMillis(200);

    private final EventStore store;
    private final Scheduler scheduler;
    private final Optional<SystemScheduler> ownScheduler;
    /** Events, and at the end {@link #STOP}: the writer sleeps until there is work, it never polls. */
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private static final Object STOP = new Object();
    private final List<EventListener> listeners = new CopyOnWriteArrayList<>();
    private final Thread writer;
    private final Object drained = new Object();
    private volatile boolean closing;
    private long written;
    private long published;

    /** A bus whose retries wait on a timer of its own. */
    public EventBus(EventStore store) {
        this(store, new SystemScheduler(), true);
    }

    /** A bus whose retries wait on {@code scheduler}'s time. */
    public EventBus(EventStore store, Scheduler scheduler) {
        this(store, scheduler, false);
    }

    private EventBus(EventStore store, Scheduler scheduler, boolean ownsScheduler) {
        this.store = store;
        this.scheduler = scheduler;
        this.ownScheduler = ownsScheduler ? Optional.of((SystemScheduler) scheduler) : Optional.empty();
        this.writer = Thread.ofPlatform().name("vigil-event-writer").daemon(true).start(this::writeLoop);
    }

    public void subscribe(EventListener listener) {
        listeners.add(listener);
    }

    public void unsubscribe(EventListener listener) {
        listeners.remove(listener);
    }

    @Override
    public void publish(Event event) {
        synchronized (drained) {
            published++;
        }
        queue.add(event);
    }

    /** Events published and not yet stored: the depth of the queue. */
    public int pending() {
        return queue.size();
    }

    /** Waits until every event published before this call is stored and delivered, or the timeout passes. */
    public boolean flush(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (drained) {
            long target = published;
            while (written < target) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                try {
                    TimeUnit.NANOSECONDS.timedWait(drained, left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }
            return true;
        }
    }

    private void writeLoop() {
        List<Object> taken = new ArrayList<>();
        List<Event> batch = new ArrayList<>();
        boolean stopping = false;
        while (!(stopping && batch.isEmpty())) {
            try {
                if (batch.isEmpty()) {
                    taken.add(queue.take());
                }
                queue.drainTo(taken, MAX_BATCH - 1 - batch.size());
                for (Object o : taken) {
                    if (o == STOP) {
                        stopping = true;
                    } else {
                        batch.add((Event) o);
                    }
                }
                taken.clear();
                if (batch.isEmpty()) {
                    continue;
                }
                List<StoredEvent> stored = appendUntilStored(batch);
                for (StoredEvent e : stored) {
                    deliver(e);
                }
                synchronized (drained) {
                    written += batch.size();
                    drained.notifyAll();
                }
                batch.clear();
            } catch (InterruptedException e) {
                if (closing) {
                    continue;
                }
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    // The store may be briefly unavailable (a locked database): keep the batch and try again, never drop it.
    private List<StoredEvent> appendUntilStored(List<Event> batch) throws InterruptedException {
        boolean reported = false;
        while (true) {
            try {
                return store.append(batch);
            } catch (RuntimeException e) {
                if (!reported) {
                    System.err.println("vigil: could not store " + batch.size() + " events, retrying: " + e.getMessage());
                    reported = true;
                }
                if (closing && nothingElseQueued()) {
                    System.err.println("vigil: giving up on storing events at shutdown: " + e.getMessage());
                    return List.of();
                }
                scheduler.pause(RETRY_DELAY);
            }
        }
    }

    private boolean nothingElseQueued() {
        Object next = queue.peek();
        return next == null || next == STOP && queue.size() == 1;
    }

    private void deliver(StoredEvent event) {
        for (EventListener listener : listeners) {
            try {
                listener.onEvent(event);
            } catch (RuntimeException e) {
                System.err.println("vigil: event listener failed: " + e);
            }
        }
    }

    /** Stores and delivers what is queued, then stops the writer. */
    @Override
    public void close() {
        flush(Duration.ofSeconds(10));
        closing = true;
        queue.add(STOP);
        try {
            writer.join(Duration.ofSeconds(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ownScheduler.ifPresent(SystemScheduler::close);
    }
}
