package dev.vigil.event;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * A filter over stored events; empty sets match everything.
 *
 * @param limit the newest {@code limit} matching events are returned (still oldest first)
 */
public record EventQuery(Optional<Instant> since, Optional<Instant> until, Set<String> services,
                         Set<String> types, Optional<Long> afterId, int limit) {

    public static final int DEFAULT_LIMIT = 1000;

    public EventQuery {
        services = Set.copyOf(services);
        types = Set.copyOf(types);
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, got " + limit);
        }
    }

    public static EventQuery all() {
        return new EventQuery(Optional.empty(), Optional.empty(), Set.of(), Set.of(), Optional.empty(), DEFAULT_LIMIT);
    }

    public EventQuery since(Instant value) {
        return new EventQuery(Optional.of(value), until, services, types, afterId, limit);
    }

    public EventQuery until(Instant value) {
        return new EventQuery(since, Optional.of(value), services, types, afterId, limit);
    }

    public EventQuery services(Set<String> value) {
        return new EventQuery(since, until, value, types, afterId, limit);
    }

    public EventQuery types(Set<String> value) {
        return new EventQuery(since, until, services, value, afterId, limit);
    }

    public EventQuery afterId(long value) {
        return new EventQuery(since, until, services, types, Optional.of(value), limit);
    }

    public EventQuery limit(int value) {
        return new EventQuery(since, until, services, types, afterId, value);
    }
}
