package dev.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.metrics.Sample;
import dev.vigil.promql.Value;

import java.math.BigDecimal;
import java.util.List;

/**
 * Prometheus's HTTP API envelope, written as Prometheus writes it: {@code {"status":"success","data":...}} or
 * {@code {"status":"error","errorType":...,"error":...}}; a query result as {@code resultType} and {@code result}.
 */
final class PrometheusJson {

    private PrometheusJson() {
    }

    /** A successful answer; {@code warnings} (Prometheus omits the field when there are none). */
    static Reply success(JsonNode data, List<String> warnings) {
        ObjectNode node = Json.object();
        node.put("status", "success");
        node.set("data", data);
        if (!warnings.isEmpty()) {
            ArrayNode list = node.putArray("warnings");
            warnings.forEach(list::add);
        }
        return Reply.ok(node);
    }

    /**
     * The error body for any refusal on a Prometheus route. Vigil's own codes that Prometheus has a type for
     * become that type ({@code bad_data}, {@code execution}); the rest (unauthorized, rate_limited, ...) keep
     * Vigil's code, so that Grafana shows the reason either way.
     */
    static Reply error(ApiError e) {
        ObjectNode node = Json.object();
        node.put("status", "error");
        node.put("errorType", switch (e.code()) {
            case "invalid_request", "invalid_json" -> "bad_data";
            case "limit_exceeded" -> "execution";
            default -> e.code();
        });
        node.put("error", e.getMessage());
        return new Reply(e.status(), e.headers(), Json.bytes(node), Reply.JSON, false);
    }

    static ApiError badData(String message) {
        return new ApiError(400, "bad_data", message);
    }

    static ApiError execution(String message) {
        return new ApiError(422, "execution", message);
    }

    static ApiError timeout(String message) {
        return new ApiError(503, "timeout", message);
    }

    /** A query's value at {@code timeMs}, as the data of a query answer. */
    static ObjectNode result(Value value, long timeMs) {
        ObjectNode data = Json.object();
        switch (value) {
            case Value.Scalar s -> {
                data.put("resultType", "scalar");
                data.set("result", point(timeMs, MetricEndpoints.value(s.value())));
            }
            case Value.Str s -> {
                data.put("resultType", "string");
                data.set("result", point(timeMs, s.value()));
            }
            case Value.Vector v -> {
                data.put("resultType", "vector");
                ArrayNode result = data.putArray("result");
                for (Value.Element e : v.elements()) {
                    ObjectNode entry = result.addObject();
                    entry.set("metric", MetricEndpoints.labels(e.labels()));
                    entry.set("value", point(timeMs, MetricEndpoints.value(e.value())));
                }
            }
            case Value.Matrix m -> {
                data.put("resultType", "matrix");
                ArrayNode result = data.putArray("result");
                for (Value.RangeSeries s : m.series()) {
                    ObjectNode entry = result.addObject();
                    entry.set("metric", MetricEndpoints.labels(s.labels()));
                    ArrayNode values = entry.putArray("values");
                    for (Sample p : s.points()) {
                        values.add(point(p.timestampMs(), MetricEndpoints.value(p.value())));
                    }
                }
            }
        }
        return data;
    }

    private static ArrayNode point(long ms, String value) {
        return Json.MAPPER.createArrayNode().add(time(ms)).add(value);
    }

    /**
     * Unix seconds as Prometheus writes a sample's time: whole seconds, or with exactly three decimals
     * ({@code 1700000000.120}: Prometheus does not trim the zero).
     */
    static JsonNode time(long ms) {
        if (ms % 1000 == 0) {
            return Json.MAPPER.getNodeFactory().numberNode(ms / 1000);
        }
        return DecimalNode.valueOf(BigDecimal.valueOf(ms, 3));
    }
}
