package dev.vigil.server;

import dev.vigil.metrics.RangeQuery;
import dev.vigil.stack.Durations;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parameters of a Prometheus API call: from the URL, and on a POST also from its form body (Grafana and the
 * Go client send queries that way), the body's first as in Prometheus. Times and durations are read as the native
 * metric API reads them; refusals name the parameter as Prometheus does.
 */
final class PrometheusParams {

    /** Prometheus's own query timeout, the longest a query may run here. */
    static final Duration MAX_TIMEOUT = Duration.ofMinutes(2);
    /** The times Prometheus's clients send for "no bound" (Go's min and max time, as Prometheus formats them). */
    private static final String MIN_TIME = "-292273086-05-16T16:47:06Z";
    private static final String MAX_TIME = "292277025-08-18T07:12:54.999999999Z";
    private static final String FORM = "application/x-www-form-urlencoded";

    private final Call call;
    private final Instant now;

    PrometheusParams(Call call, Instant now) {
        this.call = call;
        this.now = now;
    }

    List<String> all(String name) {
        List<String> values = new ArrayList<>();
        String type = Optional.ofNullable(call.ctx.contentType()).orElse("");
        if (call.ctx.method().name().equals("POST") && type.startsWith(FORM)) {
            values.addAll(call.ctx.formParamMap().getOrDefault(name, List.of()));
        }
        Map<String, List<String>> query = call.ctx.queryParamMap();
        values.addAll(query.getOrDefault(name, List.of()));
        return values;
    }

    Optional<String> first(String name) {
        return all(name).stream().findFirst();
    }

    /** The query text; an empty or missing one is left to the parser, which says "no expression found". */
    String query() {
        return first("query").orElse("");
    }

    long time(String name) {
        String text = first(name).orElseThrow(() -> PrometheusJson.badData("invalid parameter \"" + name
                + "\": cannot parse \"\" to a valid timestamp"));
        return time(name, text);
    }

    long time(String name, long fallback) {
        return first(name).map(text -> time(name, text)).orElse(fallback);
    }

    private long time(String name, String text) {
        return switch (text.trim()) {
            case MIN_TIME -> RangeQuery.MIN_TIME_MS;
            case MAX_TIME -> RangeQuery.MAX_TIME_MS;
            default -> {
                try {
                    yield MetricParams.time(name, text, now);
                } catch (ApiError e) {
                    throw invalid(name, e);
                }
            }
        };
    }

    long step() {
        String text = first("step").orElseThrow(() -> PrometheusJson.badData("invalid parameter \"step\": cannot "
                + "parse \"\" to a valid duration"));
        if (zeroOrNegative(text.trim())) {
            throw PrometheusJson.badData("zero or negative query resolution step widths are not accepted. Try a "
                    + "positive integer");
        }
        try {
            return MetricParams.step(text);
        } catch (ApiError e) {
            throw invalid("step", e);
        }
    }

    private static boolean zeroOrNegative(String text) {
        if (text.startsWith("-")) {
            return true;
        }
        try {
            return new BigDecimal(text).signum() == 0;
        } catch (NumberFormatException e) {
            return Durations.parse(text).map(Duration::isZero).orElse(false);
        }
    }

    /** The timeout asked for, at most {@link #MAX_TIMEOUT} (also when none is asked for). */
    Duration timeout() {
        Optional<String> text = first("timeout");
        if (text.isEmpty()) {
            return MAX_TIMEOUT;
        }
        try {
            return Duration.ofMillis(Math.min(MetricParams.duration("timeout", text.get(), Duration.ofDays(366)),
                    MAX_TIMEOUT.toMillis()));
        } catch (ApiError e) {
            throw invalid("timeout", e);
        }
    }

    /** {@code limit}: at most this many entries, 0 (the default) for no limit. */
    int limit() {
        Optional<String> text = first("limit");
        if (text.isEmpty()) {
            return 0;
        }
        try {
            int limit = Integer.parseInt(text.get().trim());
            if (limit >= 0) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // Said below, as for a negative number.
        }
        throw PrometheusJson.badData("invalid parameter \"limit\": limit must be a non-negative integer, got '"
                + Json.clip(text.get()) + "'");
    }

    private static ApiError invalid(String name, ApiError e) {
        return PrometheusJson.badData("invalid parameter \"" + name + "\": " + e.getMessage());
    }
}
