package dev.vigil.window;

import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.zone.ZoneOffsetTransition;
import java.util.Optional;

/** Facts about local times that messages need. */
public final class WallClock {

    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("HH:mm");

    private WallClock() {
    }

    /**
     * Why a local time does not exist in a zone, when it falls in a spring-forward gap: e.g. {@code 2026-03-29 01:30
     * does not exist in Europe/London (clocks go forward from 01:00 to 02:00)}.
     */
    public static Optional<String> missing(LocalDateTime t, ZoneId zone) {
        ZoneOffsetTransition transition = zone.getRules().getTransition(t);
        if (transition == null || !transition.isGap()) {
            return Optional.empty();
        }
        return Optional.of(Once.FORMAT.format(t) + " does not exist in " + zone.getId() + " (clocks go forward from "
                + HOUR.format(transition.getDateTimeBefore()) + " to " + HOUR.format(transition.getDateTimeAfter()) + ")");
    }
}
