package dev.vigil.server.metrics;

import dev.vigil.event.Event;
import dev.vigil.event.EventListener;
import dev.vigil.event.StoredEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts stored events by type ({@code vigil_events_total{type}}). Every event type gets its series at zero up
 * front, so that {@code increase()} sees the first event of a type and a dashboard shows types that never happened.
 */
final class EventMetrics implements EventListener {

    static final String NAME = "vigil.events";

    private final ClassValue<Counter> counters;

    EventMetrics(MeterRegistry registry) {
        this.counters = new ClassValue<>() {
            @Override
            protected Counter computeValue(Class<?> type) {
                return Counter.builder(NAME)
                        .description("Events Vigil recorded, by type")
                        .tag("type", type.getSimpleName())
                        .register(registry);
            }
        };
        registerAll(Event.class);
    }

    // Walks the sealed hierarchy: the set of event types is closed, so it can be known before any event happens.
    private void registerAll(Class<?> type) {
        if (type.isRecord()) {
            counters.get(type);
            return;
        }
        Class<?>[] permitted = type.getPermittedSubclasses();
        if (permitted != null) {
            for (Class<?> sub : permitted) {
                registerAll(sub);
            }
        }
    }

    @Override
    public void onEvent(StoredEvent stored) {
        counters.get(stored.event().getClass()).increment();
    }
}
