package dev.vigil.server;

import dev.vigil.event.Cause;
import dev.vigil.event.EventQuery;
import dev.vigil.event.StoredEvent;
import dev.vigil.stack.Durations;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/** The service, type and cause filters of an event request, checked: a type or cause must be one Vigil knows. */
record EventFilter(Set<String> services, Set<String> types, Set<Cause> causes) {

    static EventFilter from(Call call) {
        Set<String> services = new LinkedHashSet<>();
        for (String s : call.queries("service")) {
            if (s.isBlank() || s.length() > 200) {
                throw ApiError.invalid("query parameter 'service' must be a service name, got '" + Json.clip(s) + "'");
            }
            services.add(s);
        }
        Set<String> types = new LinkedHashSet<>();
        Set<String> known = EventJson.knownTypes();
        for (String t : call.queries("type")) {
            if (!known.contains(t)) {
                throw ApiError.invalid("query parameter 'type': unknown event type '" + Json.clip(t) + "'; known: "
                        + String.join(", ", known.stream().sorted().toList()));
            }
            types.add(t);
        }
        Set<Cause> causes = new LinkedHashSet<>();
        for (String c : call.queries("cause")) {
            causes.add(Cause.parse(c).orElseThrow(() -> ApiError.invalid("query parameter 'cause': unknown cause '"
                    + Json.clip(c) + "'; known: " + Cause.labels())));
        }
        return new EventFilter(services, types, causes);
    }

    boolean matches(StoredEvent e) {
        return (services.isEmpty() || e.event().serviceName().map(services::contains).orElse(false))
                && (types.isEmpty() || types.contains(e.event().type()))
                && applyTo(EventQuery.all()).matchesCause(e.event());
    }

    EventQuery applyTo(EventQuery query) {
        return query.services(services).types(types).causes(causes);
    }

    /** An ISO-8601 instant, or a duration such as {@code 10m} meaning that long ago. */
    static Optional<Instant> instant(Call call, String name, Instant now) {
        Optional<String> text = call.query(name);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String value = text.get().trim();
        try {
            return Optional.of(Instant.parse(value));
        } catch (DateTimeException ignored) {
            // not an instant in UTC; try an offset time, then a duration
        }
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeException ignored) {
            // try a duration
        }
        Optional<Duration> ago = Durations.parse(value);
        if (ago.isPresent()) {
            try {
                return Optional.of(now.minus(ago.get()));
            } catch (DateTimeException | ArithmeticException e) {
                throw ApiError.invalid("query parameter '" + name + "': duration '" + Json.clip(value) + "' is too long");
            }
        }
        throw ApiError.invalid("query parameter '" + name + "' must be an ISO-8601 instant (2026-01-01T12:00:00Z) "
                + "or a duration such as 10m meaning that long ago, got '" + Json.clip(value) + "'");
    }
}
