package dev.vigil.server;

import dev.vigil.metrics.Aggregate;
import dev.vigil.metrics.Matcher;
import dev.vigil.metrics.RangeQuery;
import dev.vigil.metrics.SelectorException;
import dev.vigil.metrics.Selectors;
import dev.vigil.stack.Durations;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import java.util.regex.Pattern;

/** The metric endpoints' query parameters, checked: selectors, times, steps and aggregations. */
final class MetricParams {

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    /** A step longer than this is a mistake, and keeps the arithmetic on times far from overflowing. */
    static final Duration MAX_STEP = Duration.ofDays(366);

    /** What a point shows of the samples in its step. */
    enum Agg {
        MIN(Aggregate::min), MAX(Aggregate::max), AVG(Aggregate::avg), SUM(Aggregate::sum),
        COUNT(a -> a.count()), LAST(Aggregate::last);

        private final ToDoubleFunction<Aggregate> value;

        Agg(ToDoubleFunction<Aggregate> value) {
            this.value = value;
        }

        double of(Aggregate a) {
            return value.applyAsDouble(a);
        }

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        static String labels() {
            return String.join(", ", Arrays.stream(values()).map(Agg::label).toList());
        }
    }

    private MetricParams() {
    }

    static List<Matcher> selector(String param, String text) {
        try {
            return Selectors.parse(text);
        } catch (SelectorException e) {
            throw ApiError.invalid("query parameter '" + param + "': column " + e.column() + " of '" + Json.clip(text)
                    + "': " + e.reason());
        }
    }

    static String labelName(String text) {
        if (!LABEL_NAME.matcher(text).matches()) {
            throw ApiError.invalid("'" + Json.clip(text) + "' is not a label name (letters, digits and _, not "
                    + "starting with a digit)");
        }
        return text;
    }

    /**
     * A time as Prometheus's API takes it — RFC 3339 ({@code 2026-11-23T12:00:00Z}) or unix seconds
     * ({@code 1764000000}, {@code 1764000000.5}) — or {@code now}, or a time ago: {@code -2h}, {@code now-2h}, or
     * {@code 2h} as the event API's {@code since} takes it.
     */
    static long time(String param, String text, Instant now) {
        String t = text.trim();
        long ms;
        if (NUMBER.matcher(t).matches()) {
            BigDecimal seconds = new BigDecimal(t);
            if (seconds.abs().compareTo(BigDecimal.valueOf(RangeQuery.MAX_TIME_MS / 1000)) > 0) {
                throw outOfRange(param, text);
            }
            ms = seconds.movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact();
        } else if (t.equals("now")) {
            ms = now.toEpochMilli();
        } else if (ago(t).isPresent()) {
            Duration back = ago(t).get();
            if (back.toMillis() > now.toEpochMilli() - RangeQuery.MIN_TIME_MS) {
                throw outOfRange(param, text);
            }
            ms = now.toEpochMilli() - back.toMillis();
        } else {
            try {
                ms = OffsetDateTime.parse(t).toInstant().toEpochMilli();
            } catch (DateTimeException | ArithmeticException e) {
                throw ApiError.invalid("query parameter '" + param + "' must be an RFC 3339 time "
                        + "(2026-11-23T12:00:00Z), unix seconds (1764000000), now, or a time ago (-2h, now-2h), got '"
                        + Json.clip(text) + "'");
            }
        }
        if (ms < RangeQuery.MIN_TIME_MS || ms > RangeQuery.MAX_TIME_MS) {
            throw outOfRange(param, text);
        }
        return ms;
    }

    private static Optional<Duration> ago(String t) {
        String d = t.startsWith("now-") ? t.substring(4) : t.startsWith("-") ? t.substring(1) : t;
        return d.isEmpty() || d.startsWith("-") ? Optional.empty() : Durations.parse(d);
    }

    private static ApiError outOfRange(String param, String text) {
        return ApiError.invalid("query parameter '" + param + "' is outside the years 0 to 9999: '" + Json.clip(text)
                + "'");
    }

    /** A step as a duration ({@code 60s}, {@code 1m30s}, {@code 500ms}) or in seconds ({@code 60}, {@code 0.5}). */
    static long step(String text) {
        return duration("step", text, MAX_STEP);
    }

    /** A duration or a number of seconds, as {@link #step} takes it, from 1ms up to {@code max}. */
    static long duration(String param, String text, Duration max) {
        String t = text.trim();
        long ms;
        if (NUMBER.matcher(t).matches()) {
            BigDecimal seconds = new BigDecimal(t);
            if (seconds.compareTo(BigDecimal.valueOf(max.toSeconds())) > 0) {
                throw tooLong(param, text, max);
            }
            ms = seconds.movePointRight(3).setScale(0, RoundingMode.FLOOR).longValueExact();
        } else {
            Duration d = Durations.parse(t).orElseThrow(() -> ApiError.invalid("query parameter '" + param
                    + "' must be a duration (60s, 1m30s, 500ms) or a number of seconds, got '" + Json.clip(text)
                    + "'"));
            if (d.compareTo(max) > 0) {
                throw tooLong(param, text, max);
            }
            ms = d.toMillis();
        }
        if (ms < 1) {
            throw ApiError.invalid("query parameter '" + param + "' must be at least 1ms, got '" + Json.clip(text)
                    + "'");
        }
        return ms;
    }

    private static ApiError tooLong(String param, String text, Duration max) {
        return ApiError.invalid("query parameter '" + param + "' must be at most " + Durations.format(max) + ", got '"
                + Json.clip(text) + "'");
    }

    /** The step when none is given: about 240 points over the range, in whole seconds. */
    static long defaultStep(long startMs, long endMs) {
        return Math.max(1, Math.ceilDiv(endMs - startMs, 240 * 1000L)) * 1000;
    }

    static Agg agg(String text) {
        for (Agg a : Agg.values()) {
            if (a.label().equals(text.trim())) {
                return a;
            }
        }
        throw ApiError.invalid("query parameter 'agg' must be one of " + Agg.labels() + ", got '" + Json.clip(text)
                + "'");
    }
}
