package dev.vigil.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.metrics.Aggregate;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Matcher;
import dev.vigil.metrics.QueryLimitException;
import dev.vigil.metrics.RangeQuery;
import dev.vigil.metrics.Resolution;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

/** The metric store read over HTTP: which series there are, and their points at a step. */
final class MetricEndpoints {

    /** The most series one listing names. */
    static final int MAX_SERIES_LISTED = 10_000;
    /** The most values one range answer holds: series times points times aggregations. */
    static final long MAX_ANSWER_VALUES = 1_000_000;

    private final ControlPlane plane;

    MetricEndpoints(ControlPlane plane) {
        this.plane = plane;
    }

    /** {@code match} (repeatable) selects; without it, every series. */
    Reply series(Call call) {
        List<String> matches = call.queries("match");
        Set<Labels> found = new TreeSet<>();
        if (matches.isEmpty()) {
            found.addAll(plane.metricStore().series(List.of()));
        }
        for (String text : matches) {
            found.addAll(plane.metricStore().series(MetricParams.selector("match", text)));
        }
        if (found.size() > MAX_SERIES_LISTED) {
            throw limit(found.size() + " series match, more than the limit of " + MAX_SERIES_LISTED
                    + " series per listing; narrow them with match");
        }
        ObjectNode node = Json.object();
        ArrayNode series = node.putArray("series");
        Set<String> names = new TreeSet<>();
        for (Labels labels : found) {
            series.add(labels(labels));
            if (!labels.metricName().isEmpty()) {
                names.add(labels.metricName());
            }
        }
        ArrayNode list = node.putArray("names");
        names.forEach(list::add);
        return Reply.ok(node);
    }

    Reply labels(Call call) {
        ObjectNode node = Json.object();
        ArrayNode names = node.putArray("labels");
        plane.metricStore().labelNames().forEach(names::add);
        return Reply.ok(node);
    }

    Reply labelValues(Call call) {
        String name = MetricParams.labelName(call.path("name"));
        ObjectNode node = Json.object();
        node.put("label", name);
        ArrayNode values = node.putArray("values");
        plane.metricStore().labelValues(name).forEach(values::add);
        return Reply.ok(node);
    }

    /** {@code series} (repeatable, required), {@code start}, {@code end}, {@code step}, {@code agg} (repeatable). */
    Reply queryRange(Call call) {
        Instant now = plane.clock().now();
        List<List<Matcher>> selectors = new ArrayList<>();
        for (String text : call.queries("series")) {
            selectors.add(MetricParams.selector("series", text));
        }
        if (selectors.isEmpty()) {
            throw ApiError.invalid("query parameter 'series' is required: a selector such as "
                    + "service_memory_rss_bytes{service=\"api\"} (repeatable)");
        }
        long end = call.query("end").map(t -> MetricParams.time("end", t, now)).orElse(now.toEpochMilli());
        long start = call.query("start").map(t -> MetricParams.time("start", t, now))
                .orElse(Math.max(RangeQuery.MIN_TIME_MS, end - 3_600_000));
        if (end < start) {
            throw ApiError.invalid("query parameter 'end' (" + Instant.ofEpochMilli(end) + ") is before 'start' ("
                    + Instant.ofEpochMilli(start) + ")");
        }
        long step = call.query("step").map(MetricParams::step).orElse(MetricParams.defaultStep(start, end));
        Set<MetricParams.Agg> aggs = new LinkedHashSet<>();
        call.queries("agg").forEach(a -> aggs.add(MetricParams.agg(a)));
        if (aggs.isEmpty()) {
            aggs.add(MetricParams.Agg.AVG);
        }
        RangeQuery query = new RangeQuery(selectors, start, end, step);
        RangeQuery.Result result = read(() -> query.run(plane.metricStore(), now.toEpochMilli(),
                MAX_ANSWER_VALUES / aggs.size()));
        ObjectNode node = Json.object();
        node.put("resolution", label(result.resolution()));
        node.set("start", seconds(query.firstStepMs()));
        node.set("end", seconds(query.lastStepMs()));
        node.set("step", seconds(step));
        ArrayNode aggList = node.putArray("agg");
        aggs.forEach(a -> aggList.add(a.label()));
        ArrayNode out = node.putArray("result");
        for (RangeQuery.Stepped s : result.series()) {
            for (MetricParams.Agg agg : aggs) {
                ObjectNode entry = out.addObject();
                entry.set("metric", labels(s.labels()));
                entry.put("agg", agg.label());
                ArrayNode values = entry.putArray("values");
                for (Aggregate a : s.points()) {
                    values.addArray().add(seconds(a.startMs())).add(value(agg.of(a)));
                }
            }
        }
        return Reply.ok(node);
    }

    private static <T> T read(Supplier<T> query) {
        try {
            return query.get();
        } catch (QueryLimitException e) {
            throw limit(e.getMessage());
        }
    }

    /** 422: the request is well formed, but answering it would take more than the limit its message names. */
    static ApiError limit(String message) {
        return new ApiError(422, "limit_exceeded", message);
    }

    static String label(Resolution r) {
        return r.name().toLowerCase(Locale.ROOT);
    }

    static ObjectNode labels(Labels labels) {
        ObjectNode node = Json.object();
        for (Map.Entry<String, String> e : labels.asMap().entrySet()) {
            node.put(e.getKey(), e.getValue());
        }
        return node;
    }

    /** Unix seconds, as Prometheus's API writes times: a whole number, or with the milliseconds as decimals. */
    static com.fasterxml.jackson.databind.JsonNode seconds(long ms) {
        if (ms % 1000 == 0) {
            return Json.MAPPER.getNodeFactory().numberNode(ms / 1000);
        }
        return DecimalNode.valueOf(BigDecimal.valueOf(ms, 3).stripTrailingZeros());
    }

    /**
     * A value as Prometheus's API writes it: a string, so that NaN and the infinities ({@code "NaN"},
     * {@code "+Inf"}, {@code "-Inf"}) survive JSON; numbers in plain notation, shortest form ({@code "0.1"},
     * {@code "1000000000000000000000"}, {@code "-0"}).
     */
    static String value(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return Double.doubleToRawLongBits(v) == 0 ? "0" : "-0";
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
