package dev.vigil.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.vigil.event.Event;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Turns any event record into JSON and back by its {@link Event#type() type}. The records are found by walking
 * the sealed hierarchy under {@link Event}, so a record added there is stored without touching this class.
 */
public final class EventCodec {

    // Reading is lenient about extra properties and strict about missing or null ones:
    // - a newer Vigil may add a component to a record; this version reads the rest and drops it;
    // - a component missing or null would make a record that breaks later, far from here (message() on a null
    //   string), so such a payload is unreadable instead. A record that gains a component therefore needs a
    //   migration that fills it in old payloads (json_set), not just a new constructor.
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new Jdk8Module())
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_CREATOR_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            // Enums as users write them (Cause: "crash", not "CRASH"): their toString.
            .enable(SerializationFeature.WRITE_ENUMS_USING_TO_STRING)
            .enable(DeserializationFeature.READ_ENUMS_USING_TO_STRING)
            .build();

    private final Map<String, Class<? extends Event>> types;

    public EventCodec() {
        this.types = recordsUnder(Event.class);
    }

    /** The type names this version can read, e.g. {@code InstanceExited}. */
    public Set<String> types() {
        return types.keySet();
    }

    public String encode(Event event) {
        try {
            return MAPPER.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new StoreException("could not encode " + event.type() + ": " + e.getOriginalMessage(), e);
        }
    }

    /** @throws UnreadableEventException when the type is unknown or the payload does not fit it */
    public Event decode(String type, String json) {
        Class<? extends Event> recordType = types.get(type);
        if (recordType == null) {
            throw new UnreadableEventException("unknown event type " + type, null);
        }
        try {
            return MAPPER.readValue(json, recordType);
        } catch (JsonProcessingException | RuntimeException e) {
            String reason = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.toString();
            throw new UnreadableEventException("unreadable " + type + " payload: " + reason, e);
        }
    }

    static ObjectMapper mapper() {
        return MAPPER;
    }

    /** The records under a sealed root by simple name; anything neither sealed nor a record cannot be stored. */
    static <T> Map<String, Class<? extends T>> recordsUnder(Class<T> root) {
        Map<String, Class<? extends T>> found = new LinkedHashMap<>();
        Deque<Class<?>> pending = new ArrayDeque<>();
        pending.add(root);
        while (!pending.isEmpty()) {
            Class<?> type = pending.removeFirst();
            if (type.isRecord()) {
                Class<? extends T> previous = found.putIfAbsent(type.getSimpleName(), type.asSubclass(root));
                if (previous != null && previous != type) {
                    throw new IllegalStateException("two event records are both named " + type.getSimpleName()
                            + " (" + previous.getName() + ", " + type.getName() + "): stored types must be unique");
                }
            } else if (type.isSealed()) {
                pending.addAll(List.of(type.getPermittedSubclasses()));
            } else {
                throw new IllegalStateException(type.getName() + " is neither a record nor sealed: "
                        + "only records can be stored as events");
            }
        }
        return Map.copyOf(found);
    }
}
