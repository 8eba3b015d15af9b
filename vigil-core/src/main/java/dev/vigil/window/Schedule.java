package dev.vigil.window;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Optional;

/**
 * When a window is open, in the local (wall-clock) time of a zone. A schedule is a series of occurrences; the window
 * is open during their union, and an {@link Interval} of it is a stretch it stays open without a break (occurrences
 * that overlap or meet, such as Saturday and Sunday, make one interval).
 *
 * <p>Local times are turned into instants as java.time does: a time in a spring-forward gap moves forward by the
 * length of the gap (02:30 becomes 03:30 when clocks go from 02:00 to 03:00), a time in a fall-back overlap takes
 * the earlier offset (the first 01:30). An occurrence that is empty after this (02:00 to 03:00 on the night clocks
 * skip that hour) does not open.
 */
public sealed interface Schedule permits Weekly, Days, Cron, Seasonal, Once {

    /** The interval containing {@code at}, if the window is open then. */
    default Optional<Interval> openAt(Instant at, ZoneId zone) {
        return Occurrences.openAt(this, at, zone);
    }

    /** The first interval that starts strictly after {@code after}. */
    default Optional<Interval> nextOpening(Instant after, ZoneId zone) {
        return Occurrences.nextOpening(this, after, zone);
    }

    /** For people: {@code Fri 18:00 to Mon 06:00}, {@code May to September}, {@code cron `0 2 * * *` for 1h}. */
    String describe();
}
