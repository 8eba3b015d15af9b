package dev.vigil.server;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Error replies: {@code {"error": "<stable code>", "message": "<for people>"}}, or on the Prometheus-compatible
 * routes Prometheus's {@code {"status": "error", "errorType": ..., "error": ...}}, on the Alertmanager-compatible
 * ones the message as a JSON string (what amtool prints).
 */
final class Errors {

    private Errors() {
    }

    static ObjectNode body(String code, String message) {
        ObjectNode node = Json.object();
        node.put("error", code);
        node.put("message", message);
        return node;
    }

    static Reply reply(ApiError e) {
        ObjectNode body = body(e.code(), e.getMessage());
        e.details().ifPresent(body::setAll);
        return new Reply(e.status(), e.headers(), Json.bytes(body), Reply.JSON, false);
    }

    static Reply internal() {
        return reply(new ApiError(500, "internal", "the server could not handle this request; see the daemon's log"));
    }

    static Reply reply(Route.Dialect dialect, ApiError e) {
        return switch (dialect) {
            case VIGIL -> reply(e);
            case PROMETHEUS -> PrometheusJson.error(e);
            case ALERTMANAGER -> new Reply(e.status(), e.headers(),
                    Json.bytes(Json.MAPPER.getNodeFactory().textNode(e.getMessage())), Reply.JSON, false);
        };
    }

    static Reply internal(Route.Dialect dialect) {
        return reply(dialect, new ApiError(500, "internal",
                "the server could not handle this request; see the daemon's log"));
    }
}
