package dev.vigil.window;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/** Once, from one local date and time to a later one, e.g. 2026-12-24 12:00 to 2026-12-27 08:00. */
public record Once(LocalDateTime from, LocalDateTime to) implements Schedule {

    /** How one-off times are written: {@code 2026-12-24 12:00}. */
    public static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm");

    public Once {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("a one-off window ends after it starts");
        }
    }

    List<Occurrences.Local> starting(LocalDateTime start, LocalDateTime end) {
        return from.isBefore(start) || from.isAfter(end) ? List.of() : List.of(new Occurrences.Local(from, to));
    }

    @Override
    public String describe() {
        return FORMAT.format(from) + " to " + FORMAT.format(to);
    }
}
