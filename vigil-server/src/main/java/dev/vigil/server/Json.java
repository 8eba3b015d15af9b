package dev.vigil.server;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.util.Iterator;
import java.util.Optional;
import java.util.Set;

/** The API's JSON: one strict mapper, and the checks every request body goes through. */
final class Json {

    static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .build();

    static {
        // Bodies are small; a deep document is an attack, not a request.
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(64).build());
    }

    private Json() {
    }

    static ObjectNode object() {
        return MAPPER.createObjectNode();
    }

    static byte[] bytes(JsonNode node) {
        try {
            return MAPPER.writeValueAsBytes(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("could not write a reply", e);
        }
    }

    /**
     * Parses a request body that must be a JSON object with only the given fields; an empty body is an empty
     * object.
     */
    static ObjectNode body(byte[] raw, Set<String> allowed) {
        if (raw.length == 0 || isBlank(raw)) {
            return object();
        }
        JsonNode node;
        try (JsonParser parser = MAPPER.getFactory().createParser(raw)) {
            node = MAPPER.readTree(parser);
            if (parser.nextToken() != null) {
                throw ApiError.invalidJson("the body has content after its JSON value");
            }
        } catch (JsonProcessingException e) {
            throw ApiError.invalidJson("the body is not valid JSON: " + clip(e.getOriginalMessage()));
        } catch (IOException e) {
            throw ApiError.invalidJson("the body could not be read as JSON");
        }
        if (node == null) {
            return object();
        }
        if (!(node instanceof ObjectNode object)) {
            throw ApiError.invalid("the body must be a JSON object, got " + node.getNodeType().name().toLowerCase());
        }
        for (Iterator<String> it = object.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                throw ApiError.invalid("unknown field '" + clip(field) + "'; allowed: " + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
        return object;
    }

    /** A string field, absent or null meaning empty; at most {@code max} characters. */
    static Optional<String> string(ObjectNode body, String field, int max) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual()) {
            throw ApiError.invalid("field '" + field + "' must be a string, got " + value.getNodeType().name().toLowerCase());
        }
        String text = value.textValue();
        if (text.length() > max) {
            throw ApiError.invalid("field '" + field + "' is longer than " + max + " characters");
        }
        return Optional.of(text);
    }

    /** A boolean field, absent or null meaning false. */
    static boolean bool(ObjectNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw ApiError.invalid("field '" + field + "' must be true or false, got " + value.getNodeType().name().toLowerCase());
        }
        return value.booleanValue();
    }

    static String requiredString(ObjectNode body, String field, int max) {
        return string(body, field, max).orElseThrow(() -> ApiError.invalid("field '" + field + "' is required"));
    }

    /** A value to quote in a message: short, so that a huge input is not echoed back. */
    static String clip(String text) {
        if (text == null) {
            return "";
        }
        return text.length() <= 60 ? text : text.substring(0, 60) + "...";
    }

    private static boolean isBlank(byte[] raw) {
        for (byte b : raw) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
