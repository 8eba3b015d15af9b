package dev.vigil.event;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A filter over stored events; empty sets match everything.
 *
 * @param causes only events that carry one of these causes ({@link Caused})
 * @param afterId only events with a greater id
 * @param beforeId only events with a smaller id
 * @param limit the newest {@code limit} matching events are returned (still oldest first)
 */
public record EventQuery(Optional<Instant> since, Optional<Instant> until, Set<String> services,
                         Set<String> types, Set<Cause> causes, Optional<Long> afterId, Optional<Long> beforeId,
                         int limit) {

    public static final int DEFAULT_LIMIT = 1000;

    public EventQuery {
        services = Set.copyOf(services);
        types = Set.copyOf(types);
        causes = Set.copyOf(causes);
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
    }

    public static EventQuery all() {
        return new EventQuery(Optional.empty(), Optional.empty(), Set.of(), Set.of(), Set.of(), Optional.empty(),
                Optional.empty(), DEFAULT_LIMIT);
    }

    public EventQuery since(Instant value) {
        return new EventQuery(Optional.of(value), until, services, types, causes, afterId, beforeId, limit);
    }

    public EventQuery until(Instant value) {
        return new EventQuery(since, Optional.of(value), services, types, causes, afterId, beforeId, limit);
    }

    public EventQuery services(Set<String> value) {
        return new EventQuery(since, until, value, types, causes, afterId, beforeId, limit);
    }

    public EventQuery types(Set<String> value) {
        return new EventQuery(since, until, services, value, causes, afterId, beforeId, limit);
    }

    public EventQuery causes(Set<Cause> value) {
        return new EventQuery(since, until, services, types, value, afterId, beforeId, limit);
    }

    public EventQuery afterId(long value) {
        return new EventQuery(since, until, services, types, causes, Optional.of(value), beforeId, limit);
    }

    /** Only events with an id below this one: the next page back from the oldest event of a page. */
    public EventQuery beforeId(long value) {
        return new EventQuery(since, until, services, types, causes, afterId, Optional.of(value), limit);
    }

    public EventQuery limit(int value) {
        return new EventQuery(since, until, services, types, causes, afterId, beforeId, value);
    }

    /** Whether an event passes the cause filter (the other filters are the store's to apply). */
    public boolean matchesCause(Event event) {
        return causes.isEmpty() || (event instanceof Caused c && causes.contains(c.cause()));
    }
}
