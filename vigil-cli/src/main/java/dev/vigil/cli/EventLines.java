package dev.vigil.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.event.Event;
import dev.vigil.event.StoredEvent;
import dev.vigil.store.EventCodec;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How events are printed: one timestamped line for people, or one JSON object per line for tools. */
final class EventLines {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneId.systemDefault());

    private final EventCodec codec = new EventCodec();
    private final ObjectMapper mapper = new ObjectMapper();

    String plain(StoredEvent stored) {
        Event e = stored.event();
        return TIME.format(e.at()) + "  " + pad(e.serviceName().orElse("-"), 12) + " " + pad(e.type(), 19) + " "
                + e.message();
    }

    /** {@code {"id":…,"at":…,"service":…,"type":…,"message":…,"data":{…the record's fields…}}} */
    String json(StoredEvent stored) {
        Event e = stored.event();
        ObjectNode line = mapper.createObjectNode();
        line.put("id", stored.id());
        line.put("at", e.at().toString());
        line.put("service", e.serviceName().orElse(null));
        line.put("type", e.type());
        line.put("message", e.message());
        try {
            line.set("data", mapper.readTree(codec.encode(e)));
            return mapper.writeValueAsString(line);
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("could not write event " + stored.id() + " as JSON", ex);
        }
    }

    private static String pad(String s, int width) {
        return s.length() >= width ? s : s + " ".repeat(width - s.length());
    }
}
