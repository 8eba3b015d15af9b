package dev.vigil.gate;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;

/**
 * A window added at run time ({@code vigil freeze add}, the API): one-off, from a local date-time to another in a
 * zone, kept in the database until it is ended.
 *
 * @param kind {@code freeze} or {@code maintenance}
 * @param services names or globs it covers; empty covers every service
 */
public record AddedWindow(String name, String kind, LocalDateTime from, LocalDateTime to, ZoneId zone,
                          List<String> services, String reason, String addedBy, Instant addedAt) {

    public AddedWindow {
        services = List.copyOf(services);
    }

    public Optional<String> reasonIfAny() {
        return reason.isBlank() ? Optional.empty() : Optional.of(reason);
    }
}
