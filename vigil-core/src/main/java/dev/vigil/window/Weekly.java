package dev.vigil.window;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Once a week from a weekday and time to the next given weekday and time, e.g. Fri 18:00 to Mon 06:00; it may cross
 * midnight and the weekend, and lasts less than a week.
 */
public record Weekly(DayOfWeek fromDay, LocalTime fromTime, DayOfWeek toDay, LocalTime toTime) implements Schedule {

    public Weekly {
        Objects.requireNonNull(fromDay, "fromDay");
        Objects.requireNonNull(fromTime, "fromTime");
        Objects.requireNonNull(toDay, "toDay");
        Objects.requireNonNull(toTime, "toTime");
        if (fromDay == toDay && fromTime.equals(toTime)) {
            throw new IllegalArgumentException("a weekly window ends at another time than it starts");
        }
    }

    /** Days from the start's date to the end's date: 0 to 7. */
    int days() {
        int days = Math.floorMod(toDay.getValue() - fromDay.getValue(), 7);
        return days == 0 && !toTime.isAfter(fromTime) ? 7 : days;
    }

    List<Occurrences.Local> starting(LocalDateTime from, LocalDateTime to) {
        List<Occurrences.Local> out = new ArrayList<>();
        for (var day = from.toLocalDate(); !day.isAfter(to.toLocalDate()); day = day.plusDays(1)) {
            LocalDateTime start = day.atTime(fromTime);
            if (day.getDayOfWeek() == fromDay && !start.isBefore(from) && !start.isAfter(to)) {
                out.add(new Occurrences.Local(start, day.plusDays(days()).atTime(toTime)));
            }
        }
        return out;
    }

    @Override
    public String describe() {
        return Days.shortName(fromDay) + " " + fromTime + " to " + Days.shortName(toDay) + " " + toTime;
    }
}
