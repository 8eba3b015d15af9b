package dev.vigil.alerting;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One entry of an Alertmanager {@code time_intervals[].time_intervals} list: it covers an instant when every field
 * it sets does (an entry that sets none covers all time). Ranges are inclusive, except times of day, which run from
 * their start up to, not including, their end ({@code 24:00} is the end of the day). Days of the month may count
 * from the end ({@code -1} is the last day); a range past the end of a short month stops at its last day.
 *
 * @param times minutes of the day, each {@code [start, end)}
 * @param weekdays ISO days (1 Monday ... 7 Sunday), each {@code [first, last]}
 * @param daysOfMonth each {@code [first, last]}, negative from the end of the month
 * @param months 1 ... 12, each {@code [first, last]}
 * @param years each {@code [first, last]}
 */
public record TimeInterval(List<Range> times, List<Range> weekdays, List<Range> daysOfMonth, List<Range> months,
                           List<Range> years, ZoneId location) {

    private static final String[] WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"};
    private static final String[] MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
            "september", "october", "november", "december"};

    /** An inclusive range {@code [first, last]} (for times of day, {@code [first, last)} in minutes). */
    public record Range(int first, int last) {
    }

    public TimeInterval {
        times = List.copyOf(times);
        weekdays = List.copyOf(weekdays);
        daysOfMonth = List.copyOf(daysOfMonth);
        months = List.copyOf(months);
        years = List.copyOf(years);
    }

    public boolean contains(Instant instant) {
        ZonedDateTime t = instant.atZone(location);
        int minute = t.getHour() * 60 + t.getMinute();
        if (!times.isEmpty() && times.stream().noneMatch(r -> minute >= r.first() && minute < r.last())) {
            return false;
        }
        int weekday = t.getDayOfWeek().getValue();
        if (!weekdays.isEmpty() && weekdays.stream().noneMatch(r -> weekday >= r.first() && weekday <= r.last())) {
            return false;
        }
        int day = t.getDayOfMonth();
        int length = t.toLocalDate().lengthOfMonth();
        if (!daysOfMonth.isEmpty() && daysOfMonth.stream().noneMatch(r -> {
            int first = r.first() < 0 ? length + 1 + r.first() : r.first();
            int last = Math.min(r.last() < 0 ? length + 1 + r.last() : r.last(), length);
            return day >= first && day <= last;
        })) {
            return false;
        }
        int month = t.getMonthValue();
        if (!months.isEmpty() && months.stream().noneMatch(r -> month >= r.first() && month <= r.last())) {
            return false;
        }
        int year = t.getYear();
        return years.isEmpty() || years.stream().anyMatch(r -> year >= r.first() && year <= r.last());
    }

    /** {@code 09:00} to {@code 17:30}: minutes of the day, the end up to 24:00. */
    public static Range times(String start, String end) {
        int s = minuteOfDay(start, false);
        int e = minuteOfDay(end, true);
        if (e <= s) {
            throw new IllegalArgumentException("end_time " + end + " must be after start_time " + start);
        }
        return new Range(s, e);
    }

    /** {@code monday:friday} or {@code saturday}. */
    public static Range weekdays(String text) {
        return range(text, "weekday", s -> named(s, WEEKDAYS, "a weekday (monday ... sunday)"), 1, 7);
    }

    /**
     * {@code 1:5}, {@code -3:-1}, {@code 1:-1} (the whole month) or {@code 15}: 1 ... 31 or -31 ... -1. As in
     * Alertmanager, a negative start needs a negative end, and a range that ends before it starts in every month
     * (judged on a 28-day month) is refused.
     */
    public static Range daysOfMonth(String text) {
        String[] parts = text.trim().split(":", -1);
        if (parts.length > 2 || parts[0].isEmpty()) {
            throw new IllegalArgumentException("day of the month range \"" + text + "\" is not FIRST or FIRST:LAST");
        }
        int first = number(parts[0], "day of the month");
        int last = parts.length == 2 ? number(parts[1], "day of the month") : first;
        for (int v : new int[] {first, last}) {
            if (v == 0 || v < -31 || v > 31) {
                throw new IllegalArgumentException("day of the month " + v + " in \"" + text
                        + "\" is outside 1 ... 31 (or -31 ... -1 from the end)");
            }
        }
        if (first < 0 && last > 0) {
            throw new IllegalArgumentException("days of the month \"" + text + "\": the end must count from the end"
                    + " of the month too when the start does");
        }
        if ((first < 0 ? 28 + first : first) > (last < 0 ? 28 + last : last)) {
            throw new IllegalArgumentException("days of the month \"" + text + "\": the end is always before the start");
        }
        return new Range(first, last);
    }

    /** {@code january:march}, {@code 1:3} or {@code december}. */
    public static Range months(String text) {
        return range(text, "month", s -> s.matches("\\d+") ? number(s, "month") : named(s, MONTHS, "a month"), 1, 12);
    }

    /** {@code 2025:2026} or {@code 2026}. */
    public static Range years(String text) {
        return range(text, "year", s -> number(s, "year"), 1, 9999);
    }

    /** An IANA zone name ({@code Europe/Berlin}), {@code Local} for the machine's, {@code UTC} when absent. */
    public static ZoneId location(Optional<String> name) {
        if (name.isEmpty() || name.get().equals("UTC")) {
            return ZoneId.of("UTC");
        }
        if (name.get().equals("Local")) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(name.get());
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("unknown location \"" + name.get() + "\" (an IANA zone such as Europe/Berlin)");
        }
    }

    private static int minuteOfDay(String text, boolean end) {
        if (end && text.equals("24:00")) {
            return 24 * 60;
        }
        if (!text.matches("\\d{2}:\\d{2}")) {
            throw new IllegalArgumentException("time \"" + text + "\" is not HH:MM");
        }
        try {
            LocalTime t = LocalTime.parse(text);
            return t.getHour() * 60 + t.getMinute();
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("time \"" + text + "\" is not a time of day (00:00 ... 23:59, or 24:00 as an end)");
        }
    }

    private interface Value {
        int of(String text);
    }

    private static Range range(String text, String what, Value value, int min, int max) {
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split(":", -1);
        if (parts.length > 2 || parts[0].isEmpty()) {
            throw new IllegalArgumentException(what + " range \"" + text + "\" is not FIRST or FIRST:LAST");
        }
        int first = value.of(parts[0]);
        int last = parts.length == 2 ? value.of(parts[1]) : first;
        for (int v : new int[] {first, last}) {
            if (v < min || v > max) {
                throw new IllegalArgumentException(what + " " + v + " in \"" + text + "\" is outside " + min + " ... " + max);
            }
        }
        if (last < first) {
            throw new IllegalArgumentException(what + " range \"" + text + "\" ends before it starts");
        }
        return new Range(first, last);
    }

    private static int named(String text, String[] names, String what) {
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(text)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("\"" + text + "\" is not " + what);
    }

    private static int number(String text, String what) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + text + "\" is not a " + what);
        }
    }

    /** Several entries under one name: the named interval covers an instant when any entry does. */
    public record Named(String name, List<TimeInterval> entries) {
        public Named {
            entries = List.copyOf(entries);
        }

        public boolean contains(Instant instant) {
            return entries.stream().anyMatch(e -> e.contains(instant));
        }
    }
}
