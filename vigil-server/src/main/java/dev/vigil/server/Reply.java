package dev.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** What a handler answers: a status, headers and a body, or nothing more when it wrote a stream itself. */
record Reply(int status, Map<String, String> headers, byte[] body, String contentType, boolean streamed) {

    static final String JSON = "application/json";

    Reply {
        headers = Map.copyOf(headers);
    }

    static Reply json(int status, JsonNode node) {
        return new Reply(status, Map.of(), Json.bytes(node), JSON, false);
    }

    static Reply ok(JsonNode node) {
        return json(200, node);
    }

    static Reply text(String contentType, String body) {
        return new Reply(200, Map.of(), body.getBytes(StandardCharsets.UTF_8), contentType, false);
    }

    static Reply noContent() {
        return new Reply(204, Map.of(), new byte[0], JSON, false);
    }

    /** The handler already wrote the response (a stream) and ended it. */
    static Reply written() {
        return new Reply(200, Map.of(), new byte[0], "text/event-stream", true);
    }
}
