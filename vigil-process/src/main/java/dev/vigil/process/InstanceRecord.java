package dev.vigil.process;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * What a runtime writes down about an instance it started, so that a later run of Vigil can find it again:
 * {@code startTicks} (field 22 of {@code /proc/<pid>/stat}) and {@code bootId} tell the process apart from a
 * later one that got the same pid, before or after a reboot.
 */
record InstanceRecord(String service, long pid, long startTicks, String bootId, Instant startedAt,
                      Fingerprint fingerprint) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectWriter WRITER = JSON.writer(new DefaultPrettyPrinter().withSeparators(
            Separators.createDefaultInstance().withObjectFieldValueSpacing(Separators.Spacing.AFTER)));

    boolean sameProcess(ProcessTree.Proc proc) {
        return proc.pid() == pid && proc.startTicks() == startTicks;
    }

    String toJson() {
        ObjectNode fields = JSON.createObjectNode();
        fields.put("service", service);
        fields.put("pid", pid);
        fields.put("startTicks", startTicks);
        fields.put("bootId", bootId);
        fields.put("startedAt", startedAt.toString());
        fields.put("commandHash", fingerprint.command());
        fields.put("cwdHash", fingerprint.cwd());
        fields.put("envHash", fingerprint.env());
        try {
            return WRITER.writeValueAsString(fields) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an object of strings and numbers always serializes", e);
        }
    }

    /** @throws IllegalArgumentException when the text is not a complete record */
    static InstanceRecord parse(String json) {
        JsonNode f;
        try {
            f = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a record: " + e.getOriginalMessage(), e);
        }
        if (f == null || !f.isObject()) {
            throw new IllegalArgumentException("not a record: expected a JSON object");
        }
        try {
            return new InstanceRecord(required(f, "service"), Long.parseLong(required(f, "pid")),
                    Long.parseLong(required(f, "startTicks")), required(f, "bootId"),
                    Instant.parse(required(f, "startedAt")),
                    new Fingerprint(required(f, "commandHash"), required(f, "cwdHash"), required(f, "envHash")));
        } catch (NumberFormatException | DateTimeParseException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    private static String required(JsonNode fields, String name) {
        JsonNode value = fields.get(name);
        if (value == null || !value.isValueNode() || value.isNull()) {
            throw new IllegalArgumentException("no " + name);
        }
        return value.asText();
    }
}
