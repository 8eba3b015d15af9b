package dev.vigil.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Event;

import dev.vigil.time.Scheduler;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one event-stream subscription a runtime holds: the engine's {@code /events}, filtered by the stack's label,
 * completes the exit of every watched container on {@code die} (and notes {@code oom}). Nothing is polled. When
 * the stream breaks it is opened again from the last event's time, and every watched container is inspected
 * once, so an exit that happened in the gap is not missed.
 */
final class ExitEvents implements AutoCloseable {

    private final DockerClient client;
    private final String stack;
    private final Executor executor;
    private final Scheduler scheduler;
    private final Map<String, ContainerInstance> watched = new ConcurrentHashMap<>();
    /** Unix seconds of the newest event seen; the engine replays from here after a reconnect. */
    private final AtomicLong lastEventSecond;
    private volatile Subscription current;
    private volatile boolean closed;

    ExitEvents(DockerClient client, String stack, Executor executor, Scheduler scheduler, long sinceEpochSecond) {
        this.client = client;
        this.stack = stack;
        this.executor = executor;
        this.scheduler = scheduler;
        this.lastEventSecond = new AtomicLong(sinceEpochSecond);
    }

    /** Opens the stream (replaying from the time given at construction). */
    synchronized void open() {
        if (closed) {
            return;
        }
        Subscription subscription = new Subscription();
        current = subscription;
        // A second earlier than the last event: the engine's filter is whole seconds, duplicates are harmless.
        client.eventsCmd()
                .withLabelFilter(Map.of(VigilLabels.STACK, stack))
                .withEventTypeFilter("container")
                .withSince(Long.toString(Math.max(0, lastEventSecond.get() - 1)))
                .exec(subscription);
    }

    void watch(ContainerInstance instance) {
        watched.put(instance.fullId(), instance);
        instance.onExit().whenComplete((status, error) -> watched.remove(instance.fullId(), instance));
    }

    /** Drops the connection as a network failure would (tests use it to prove nothing is missed meanwhile). */
    void dropForTest() {
        Subscription subscription = current;
        if (subscription != null) {
            subscription.dropped = true;
            subscription.closeQuietly();
        }
    }

    /** Opens the stream again and re-reads every watched container: the recovery path after a broken stream. */
    void reconnect() {
        open();
        for (ContainerInstance instance : watched.values()) {
            executor.execute(instance::settle);
        }
    }

    private void handle(Event event) {
        Long time = event.getTime();
        if (time != null) {
            lastEventSecond.accumulateAndGet(time, Math::max);
        }
        String action = event.getAction() != null ? event.getAction() : event.getStatus();
        ContainerInstance instance = event.getId() == null ? null : watched.get(event.getId());
        if (instance == null || action == null) {
            return;
        }
        switch (action) {
            case "oom" -> instance.oomEventSeen();
            case "die", "died" -> executor.execute(instance::settle);
            default -> {
            }
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        Subscription subscription = current;
        if (subscription != null) {
            subscription.closeQuietly();
        }
    }

    private final class Subscription extends ResultCallback.Adapter<Event> {
        private volatile boolean dropped;
        private final AtomicBoolean ended = new AtomicBoolean();

        @Override
        public void onNext(Event event) {
            handle(event);
        }

        @Override
        public void onError(Throwable error) {
            ended();
        }

        @Override
        public void onComplete() {
            ended();
        }

        private void ended() {
            closeQuietly();
            // A broken stream reports both an error and its completion: one retry, not two subscriptions.
            if (!closed && !dropped && ended.compareAndSet(false, true) && current == this) {
                // The engine went away or the connection broke: resume where the last event left off.
                retryLater();
            }
        }

        void closeQuietly() {
            try {
                super.close();
            } catch (IOException e) {
                // The stream is gone either way.
            }
        }
    }

    /** Spaces out attempts while the engine is away, so a dead socket is not hammered. */
    static final Duration RETRY = Duration.ofMillis(250);

    /** The next attempt, {@link #RETRY} from now on the scheduler; the timer only hands it to the executor. */
    private void retryLater() {
        scheduler.schedule(RETRY, () -> executor.execute(this::reconnectAfterFailure));
    }

    private void reconnectAfterFailure() {
        if (closed) {
            return;
        }
        try {
            reconnect();
        } catch (RuntimeException e) {
            // A subscription that failed later comes back through its onError; one that could not open, here.
            retryLater();
        }
    }
}
