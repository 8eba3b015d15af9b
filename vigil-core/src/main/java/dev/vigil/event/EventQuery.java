package dev.vigil.event;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A filter over stored events; empty sets match everything.
 *
 * @param afterId only events with a greater id
 * @param beforeId only events with a smaller id
 * @param limit the newest {@code limit} matching events are returned (still oldest first)
 */
public record EventQuery(Optional<Instant> since, Optional<Instant> until, Set<String> services,
                         Set<String> types, Optional<Long> afterId, Optional<Long> beforeId, int limit) {

    public static final int DEFAULT_LIMIT = 1000;

    public EventQuery {
        services = Set.copyOf(services);
        types = Set.copyOf(types);
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
    }

    public static EventQuery all() {
        return new EventQuery(Optional.empty(), Optional.empty(), Set.of(), Set.of(), Optional.empty(), Optional.empty(),
                DEFAULT_LIMIT);
    }

    public EventQuery since(Instant value) {
        return new EventQuery(Optional.of(value), until, services, types, afterId, beforeId, limit);
    }

    public EventQuery until(Instant value) {
        return new EventQuery(since, Optional.of(value), services, types, afterId, beforeId, limit);
    }

    public EventQuery services(Set<String> value) {
        return new EventQuery(since, until, value, types, afterId, beforeId, limit);
    }

    public EventQuery types(Set<String> value) {
        return new EventQuery(since, until, services, value, afterId, beforeId, limit);
    }

    public EventQuery afterId(long value) {
        return new EventQuery(since, until, services, types, Optional.of(value), beforeId, limit);
    }

    /** Only events with an id below this one: the next page back from the oldest event of a page. */
    public EventQuery beforeId(long value) {
        return new EventQuery(since, until, services, types, afterId, Optional.of(value), limit);
    }

    public EventQuery limit(int value) {
        return new EventQuery(since, until, services, types, afterId, beforeId, value);
    }
}
