package dev.vigil.server;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Error replies: {@code {"error": "<stable code>", "message": "<for people>"}}. */
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
        return Reply.json(500, body("internal", "the server could not handle this request; see the daemon's log"));
    }
}
