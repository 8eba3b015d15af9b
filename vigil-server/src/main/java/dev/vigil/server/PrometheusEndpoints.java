package dev.vigil.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.MetricStore;
import dev.vigil.metrics.QueryLimitException;
import dev.vigil.promql.Engine;
import dev.vigil.promql.Expr;
import dev.vigil.promql.ParseException;
import dev.vigil.promql.Promql;
import dev.vigil.promql.PromqlException;
import dev.vigil.promql.Value;
import dev.vigil.promql.ValueType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Prometheus's read API over the metric store and the PromQL engine, so that Grafana's Prometheus data source and
 * {@code promtool query} work against Vigil. Answers and errors are Prometheus's, byte for byte where it matters.
 */
final class PrometheusEndpoints {

    private final ControlPlane plane;
    private final Engine engine;

    PrometheusEndpoints(ControlPlane plane) {
        this.plane = plane;
        this.engine = new Engine(plane.metricStore());
    }

    /** {@code query}, {@code time} (default now), {@code timeout}. */
    Reply query(Call call) {
        Instant now = plane.clock().now();
        PrometheusParams p = new PrometheusParams(call, now);
        long time = p.time("time", now.toEpochMilli());
        Duration timeout = p.timeout();
        Expr expr = parse(p.query());
        Value value = evaluate(timeout, () -> engine.instant(expr, time));
        return PrometheusJson.success(PrometheusJson.result(value, time), List.of());
    }

    /** {@code query}, {@code start}, {@code end}, {@code step} (all required), {@code timeout}. */
    Reply queryRange(Call call) {
        PrometheusParams p = new PrometheusParams(call, plane.clock().now());
        long start = p.time("start");
        long end = p.time("end");
        if (end < start) {
            throw PrometheusJson.badData("end timestamp must not be before start time");
        }
        long step = p.step();
        if ((end - start) / step > Engine.MAX_POINTS) {
            throw PrometheusJson.badData(Engine.TOO_MANY_POINTS);
        }
        Duration timeout = p.timeout();
        Expr expr = parse(p.query());
        if (expr.type() != ValueType.SCALAR && expr.type() != ValueType.VECTOR) {
            throw PrometheusJson.badData("invalid parameter \"query\": invalid expression type \"" + expr.type()
                    + "\" for range query, must be Scalar or instant Vector");
        }
        Value value = evaluate(timeout, () -> engine.range(expr, start, end, step));
        return PrometheusJson.success(PrometheusJson.result(value, start), List.of());
    }

    /** {@code match[]} (required, repeatable), {@code start}, {@code end}, {@code limit}. */
    Reply series(Call call) {
        PrometheusParams p = new PrometheusParams(call, plane.clock().now());
        List<String> matches = p.all("match[]");
        if (matches.isEmpty()) {
            throw PrometheusJson.badData("no match[] parameter provided");
        }
        checkRange(p);
        int limit = p.limit();
        ArrayNode data = Json.MAPPER.createArrayNode();
        List<String> warnings = limited(matching(matches), limit, labels -> data.add(MetricEndpoints.labels(labels)));
        return PrometheusJson.success(data, warnings);
    }

    /** {@code match[]} (repeatable; none: every series), {@code start}, {@code end}, {@code limit}. */
    Reply labels(Call call) {
        PrometheusParams p = new PrometheusParams(call, plane.clock().now());
        List<String> matches = p.all("match[]");
        checkRange(p);
        int limit = p.limit();
        Collection<String> names = matches.isEmpty() ? store().labelNames()
                : of(matching(matches), labels -> labels.asMap().keySet());
        ArrayNode data = Json.MAPPER.createArrayNode();
        return PrometheusJson.success(data, limited(names, limit, data::add));
    }

    /** The values of the label named in the path; {@code match[]}, {@code start}, {@code end}, {@code limit}. */
    Reply labelValues(Call call) {
        String name;
        try {
            name = MetricParams.labelName(call.path("name"));
        } catch (ApiError e) {
            throw PrometheusJson.badData("invalid label name: \"" + Json.clip(call.path("name")) + "\"");
        }
        PrometheusParams p = new PrometheusParams(call, plane.clock().now());
        List<String> matches = p.all("match[]");
        checkRange(p);
        int limit = p.limit();
        Collection<String> values = matches.isEmpty() ? store().labelValues(name)
                : of(matching(matches), labels -> labels.find(name).filter(v -> !v.isEmpty()).stream().toList());
        ArrayNode data = Json.MAPPER.createArrayNode();
        return PrometheusJson.success(data, limited(values, limit, data::add));
    }

    /** Grafana asks which Prometheus it talks to; the version is Vigil's. */
    Reply buildInfo(Call call) {
        ObjectNode data = Json.object();
        data.put("version", plane.version());
        for (String field : List.of("revision", "branch", "buildUser", "buildDate", "goVersion")) {
            data.put(field, "");
        }
        return PrometheusJson.success(data, List.of());
    }

    /** Vigil keeps no metric metadata (types, help): an empty answer, as from a Prometheus that scraped none. */
    Reply metadata(Call call) {
        return PrometheusJson.success(Json.object(), List.of());
    }

    private MetricStore store() {
        return plane.metricStore();
    }

    private static Expr parse(String query) {
        try {
            return Promql.parse(query);
        } catch (ParseException e) {
            throw PrometheusJson.badData("invalid parameter \"query\": " + e.position() + ": parse error: "
                    + e.reason());
        }
    }

    // Vigil keeps series for their retention and does not index them by time: start and end are checked, as
    // Prometheus checks them, but the listing covers every series kept.
    private static void checkRange(PrometheusParams p) {
        long start = p.time("start", Long.MIN_VALUE);
        long end = p.time("end", Long.MAX_VALUE);
        if (end < start) {
            throw PrometheusJson.badData("end timestamp must not be before start time");
        }
    }

    private Set<Labels> matching(List<String> matches) {
        Set<Labels> found = new TreeSet<>();
        for (String text : matches) {
            try {
                found.addAll(store().series(MetricParams.selector("match[]", text)));
            } catch (ApiError e) {
                throw PrometheusJson.badData("invalid parameter \"match[]\": " + e.getMessage());
            }
            if (found.size() > MetricEndpoints.MAX_SERIES_LISTED) {
                throw PrometheusJson.execution("more than " + MetricEndpoints.MAX_SERIES_LISTED
                        + " series match; narrow them with match[]");
            }
        }
        return found;
    }

    private static Set<String> of(Set<Labels> series, Function<Labels, Collection<String>> part) {
        Set<String> out = new TreeSet<>();
        series.forEach(labels -> out.addAll(part.apply(labels)));
        return out;
    }

    /** Adds up to {@code limit} (0: all) entries; the warning Prometheus gives when it left some out. */
    private static <T> List<String> limited(Collection<T> entries, int limit, Consumer<T> add) {
        int n = 0;
        for (T entry : entries) {
            if (limit > 0 && n == limit) {
                return List.of("results truncated due to limit");
            }
            add.accept(entry);
            n++;
        }
        return List.of();
    }

    /**
     * Runs the evaluation on a thread of its own, for at most {@code timeout}; a query still running then is
     * interrupted and the caller gets Prometheus's 503 timeout.
     */
    private static <T> T evaluate(Duration timeout, Supplier<T> work) {
        FutureTask<T> task = new FutureTask<>(work::get);
        Thread.ofVirtual().name("vigil-promql").start(task);
        try {
            return task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            throw PrometheusJson.timeout("query timed out in expression evaluation");
        } catch (InterruptedException e) {
            task.cancel(true);
            Thread.currentThread().interrupt();
            throw new ApiError(503, "canceled", "query was canceled");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof PromqlException || cause instanceof QueryLimitException) {
                throw PrometheusJson.execution(cause.getMessage());
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(cause);
        }
    }
}
