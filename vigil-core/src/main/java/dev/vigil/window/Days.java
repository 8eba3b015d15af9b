package dev.vigil.window;

import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * On each listed weekday from {@code from} to {@code to}: whole days when both are 00:00, else a time range that
 * crosses midnight when {@code to} is not after {@code from} (Mon-Fri 22:00 to 06:00 starts Monday night and ends
 * Saturday morning). Each occurrence starts on its listed day and lasts at most 24 hours.
 */
public record Days(Set<DayOfWeek> days, LocalTime from, LocalTime to) implements Schedule {

    public Days {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (days.isEmpty()) {
            throw new IllegalArgumentException("a window on weekdays lists at least one day");
        }
        days = Collections.unmodifiableSet(EnumSet.copyOf(days));
        if (days.size() == 7 && from.equals(to)) {
            throw new IllegalArgumentException("every day, all day, is always open");
        }
    }

    /** Whole days. */
    public static Days allDay(Set<DayOfWeek> days) {
        return new Days(days, LocalTime.MIDNIGHT, LocalTime.MIDNIGHT);
    }

    public boolean wholeDays() {
        return from.equals(LocalTime.MIDNIGHT) && to.equals(LocalTime.MIDNIGHT);
    }

    List<Occurrences.Local> starting(LocalDateTime start, LocalDateTime end) {
        List<Occurrences.Local> out = new ArrayList<>();
        for (var day = start.toLocalDate(); !day.isAfter(end.toLocalDate()); day = day.plusDays(1)) {
            LocalDateTime opens = day.atTime(from);
            if (days.contains(day.getDayOfWeek()) && !opens.isBefore(start) && !opens.isAfter(end)) {
                out.add(new Occurrences.Local(opens, (to.isAfter(from) ? day : day.plusDays(1)).atTime(to)));
            }
        }
        return out;
    }

    /** {@code Sat, Sun}; {@code Mon-Fri 22:00 to 06:00}: runs of three or more days as ranges, Monday first. */
    @Override
    public String describe() {
        List<String> parts = new ArrayList<>();
        List<DayOfWeek> run = new ArrayList<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            if (days.contains(day)) {
                run.add(day);
            }
            if (!days.contains(day) || day == DayOfWeek.SUNDAY) {
                addRun(run, parts);
                run.clear();
            }
        }
        String list = String.join(", ", parts);
        return wholeDays() ? list : list + " " + from + " to " + to;
    }

    private static void addRun(List<DayOfWeek> run, List<String> parts) {
        if (run.size() >= 3) {
            parts.add(shortName(run.get(0)) + "-" + shortName(run.get(run.size() - 1)));
        } else {
            run.forEach(d -> parts.add(shortName(d)));
        }
    }

    static String shortName(DayOfWeek day) {
        return day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH);
    }
}
