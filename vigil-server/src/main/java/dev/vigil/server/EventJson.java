package dev.vigil.server;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.event.Event;
import dev.vigil.event.StoredEvent;
import dev.vigil.store.EventCodec;

/**
 * The one JSON shape of an event, shared by the API and {@code vigil events --json}:
 * {@code {"id","at","service","type","message","data":{the record's fields}}}.
 */
public final class EventJson {

    private static final EventCodec CODEC = new EventCodec();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private EventJson() {
    }

    public static ObjectNode of(StoredEvent stored) {
        Event e = stored.event();
        ObjectNode node = MAPPER.createObjectNode();
        node.put("id", stored.id());
        node.put("at", e.at().toString());
        node.put("service", e.serviceName().orElse(null));
        node.put("type", e.type());
        node.put("message", e.message());
        try {
            node.set("data", MAPPER.readTree(CODEC.encode(e)));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("could not write event " + stored.id() + " as JSON", ex);
        }
        return node;
    }

    /** The event as one line of JSON, without a line break. */
    public static String line(StoredEvent stored) {
        try {
            return MAPPER.writeValueAsString(of(stored));
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("could not write event " + stored.id() + " as JSON", ex);
        }
    }

    /** The type names a filter may use. */
    static java.util.Set<String> knownTypes() {
        return CODEC.types();
    }
}
