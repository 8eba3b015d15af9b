package dev.vigil.window;

import java.time.LocalDateTime;
import java.time.Month;
import java.time.MonthDay;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * Every year from the start of day {@code from} to the end of day {@code to}, both included; it wraps over the year
 * end when {@code to} comes before {@code from} (November to February). {@code to} 02-29 means the last day of
 * February, in every year; {@code from} cannot be 02-29.
 */
public record Seasonal(MonthDay from, MonthDay to) implements Schedule {

    private static final MonthDay LEAP_DAY = MonthDay.of(Month.FEBRUARY, 29);

    public Seasonal {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (from.equals(LEAP_DAY)) {
            throw new IllegalArgumentException("02-29 is not in every year; start on 02-28 or 03-01");
        }
        // Always open when each occurrence runs into the next, in a leap year and in a common one.
        if (end(from, to, 2023).equals(from.atYear(2024).atStartOfDay())
                && end(from, to, 2024).equals(from.atYear(2025).atStartOfDay())) {
            throw new IllegalArgumentException(format(from) + " to " + format(to) + " is the whole year: always open");
        }
    }

    /** Whole months, e.g. May to September. */
    public static Seasonal months(Month from, Month to) {
        return new Seasonal(MonthDay.of(from, 1), MonthDay.of(to, to.maxLength()));
    }

    /** When the occurrence that starts in {@code year} ends. */
    private static LocalDateTime end(MonthDay from, MonthDay to, int year) {
        int endYear = to.isBefore(from) ? year + 1 : year;
        // MonthDay.atYear gives 02-28 for 02-29 in a common year: just what "the last day of February" needs.
        return to.atYear(endYear).plusDays(1).atStartOfDay();
    }

    List<Occurrences.Local> starting(LocalDateTime start, LocalDateTime end) {
        List<Occurrences.Local> out = new ArrayList<>();
        for (int year = start.getYear(); year <= end.getYear(); year++) {
            LocalDateTime opens = from.atYear(year).atStartOfDay();
            if (!opens.isBefore(start) && !opens.isAfter(end)) {
                out.add(new Occurrences.Local(opens, end(from, to, year)));
            }
        }
        return out;
    }

    /** {@code May to September} for whole months, else {@code 12-20 to 01-06}. */
    @Override
    public String describe() {
        if (from.getDayOfMonth() == 1 && to.getDayOfMonth() == to.getMonth().maxLength()) {
            String first = from.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            String last = to.getMonth().getDisplayName(TextStyle.FULL, Locale.ENGLISH);
            return from.getMonth() == to.getMonth() ? first : first + " to " + last;
        }
        return format(from) + " to " + format(to);
    }

    private static String format(MonthDay day) {
        return String.format(Locale.ROOT, "%02d-%02d", day.getMonthValue(), day.getDayOfMonth());
    }
}
