package dev.vigil.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.event.Event;
import dev.vigil.event.StoredEvent;
import dev.vigil.server.EventJson;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How events are printed: one timestamped line for people, or one JSON object per line for tools. */
final class EventLines {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final ObjectMapper mapper = new ObjectMapper();

    String plain(StoredEvent stored) {
        Event e = stored.event();
        return TIME.format(e.at()) + "  " + pad(e.serviceName().orElse("-"), 12) + " " + pad(e.type(), 19) + " "
                + e.message();
    }

    /** The line for people, from an event as the API sends it (see {@link #json}). */
    String plainFromJson(String json) {
        try {
            com.fasterxml.jackson.databind.JsonNode e = mapper.readTree(json);
            String service = e.path("service").isTextual() ? e.path("service").asText() : "-";
            return TIME.format(java.time.Instant.parse(e.path("at").asText())) + "  " + pad(service, 12) + " "
                    + pad(e.path("type").asText(), 19) + " " + e.path("message").asText();
        } catch (JsonProcessingException | java.time.format.DateTimeParseException ex) {
            return json;
        }
    }

    /** One JSON object, the same as the API's: {@link EventJson}. */
    String json(StoredEvent stored) {
        return EventJson.line(stored);
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
