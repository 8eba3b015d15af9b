package dev.vigil.window;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Opens at each match of a standard five-field cron expression (minute hour day-of-month month day-of-week, read
 * as the local wall-clock time of the window's zone) and stays open for {@code duration} of elapsed time, also on a
 * day the clocks change. As in Vixie cron, when both day fields are restricted a day matching either counts.
 * Parsing and matching are cron-utils'.
 */
public final class Cron implements Schedule {

    private static final CronDefinition UNIX = CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX);
    private static final String LIBRARY_PREFIX = "Failed to parse cron expression. ";

    private final String expression;
    private final Duration duration;
    private final ExecutionTime times;

    /** @throws IllegalArgumentException with cron-utils' message when the expression is not valid, or never matches */
    public Cron(String expression, Duration duration) {
        this.expression = expression.strip();
        this.duration = Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("a cron window lasts more than 0s");
        }
        try {
            var cron = new CronParser(UNIX).parse(this.expression);
            cron.validate();
            this.times = ExecutionTime.forCron(cron);
        } catch (IllegalArgumentException e) {
            String message = Objects.requireNonNullElse(e.getMessage(), "not a cron expression");
            throw new IllegalArgumentException(message.startsWith(LIBRARY_PREFIX)
                    ? message.substring(LIBRARY_PREFIX.length()) : message, e);
        }
        if (next(LocalDateTime.of(2000, 1, 1, 0, 0)).isEmpty()) {
            throw new IllegalArgumentException("never matches a date (e.g. February 30)");
        }
    }

    public String expression() {
        return expression;
    }

    public Duration duration() {
        return duration;
    }

    /** The first match strictly after {@code t}, as wall-clock time; the library runs in UTC, where no clock jumps. */
    private Optional<LocalDateTime> next(LocalDateTime t) {
        return times.nextExecution(t.atZone(ZoneOffset.UTC)).map(ZonedDateTime::toLocalDateTime);
    }

    List<Occurrences.Local> starting(LocalDateTime from, LocalDateTime to) {
        List<Occurrences.Local> out = new ArrayList<>();
        Optional<LocalDateTime> match = next(from.truncatedTo(ChronoUnit.MINUTES).minusMinutes(1));
        while (match.isPresent() && !match.get().isAfter(to)) {
            LocalDateTime start = match.get();
            if (!start.isBefore(from)) {
                out.add(new Occurrences.Local(start, start.plus(duration)));
            }
            match = next(start);
        }
        return out;
    }

    @Override
    public String describe() {
        return "cron `" + expression + "` for " + format(duration);
    }

    /** {@code 1h}, {@code 1h30m}, {@code 2d}: the stack file's notation. */
    static String format(Duration d) {
        StringBuilder out = new StringBuilder();
        long seconds = d.toSeconds();
        long[] units = {86_400, 3_600, 60, 1};
        String[] names = {"d", "h", "m", "s"};
        for (int i = 0; i < units.length; i++) {
            if (seconds >= units[i]) {
                out.append(seconds / units[i]).append(names[i]);
                seconds %= units[i];
            }
        }
        return out.isEmpty() ? d.toMillis() + "ms" : out.toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cron c && c.expression.equals(expression) && c.duration.equals(duration);
    }

    @Override
    public int hashCode() {
        return Objects.hash(expression, duration);
    }

    @Override
    public String toString() {
        return "Cron[" + expression + ", " + duration + "]";
    }
}
