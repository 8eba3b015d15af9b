package dev.vigil.event;

import dev.vigil.time.ManualScheduler;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** A store that refuses a batch is tried again after the retry delay, on the bus's scheduler: nothing is dropped. */
class EventBusRetryTest {

    private final ManualScheduler clock = new ManualScheduler();

    @Test
    void aRefusedBatchIsStoredAtTheNextTryAfterTheRetryDelay() {
        FlakyStore store = new FlakyStore(2);
        List<StoredEvent> delivered = new CopyOnWriteArrayList<>();
        try (EventBus bus = new EventBus(store, clock)) {
            bus.subscribe(delivered::add);

            bus.publish(Events.started("api"));
            Awaitility.await().until(() -> store.attempts.get() == 1 && clock.pendingTimers() == 1);
            clock.advance(EventBus.RETRY_DELAY.minusNanos(1));
            assertThat(store.attempts).hasValue(1);

            clock.advance(Duration.ofNanos(1));
            Awaitility.await().until(() -> store.attempts.get() == 2 && clock.pendingTimers() == 1);
            assertThat(delivered).isEmpty();

            clock.advance(EventBus.RETRY_DELAY);
            assertThat(bus.flush(Duration.ofSeconds(5))).isTrue();
            assertThat(store.attempts).hasValue(3);
            assertThat(delivered).extracting(StoredEvent::event).containsExactly(Events.started("api"));
        }
    }

    /** Refuses the first {@code failures} appends, as a locked database would. */
    private static final class FlakyStore implements EventStore {
        private final int failures;
        private final AtomicInteger attempts = new AtomicInteger();
        private final List<StoredEvent> stored = new ArrayList<>();

        FlakyStore(int failures) {
            this.failures = failures;
        }

        @Override
        public synchronized List<StoredEvent> append(List<Event> events) {
            if (attempts.incrementAndGet() <= failures) {
                throw new IllegalStateException("database is locked");
            }
            List<StoredEvent> result = new ArrayList<>();
            for (Event e : events) {
                StoredEvent s = new StoredEvent(stored.size() + 1, e);
                stored.add(s);
                result.add(s);
            }
            return result;
        }

        @Override
        public synchronized List<StoredEvent> query(EventQuery query) {
            return List.copyOf(stored);
        }

        @Override
        public void close() {
        }
    }
}
