package dev.vigil.alerting.intake;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.alerting.route.Alert;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Alerts posted to {@code /alertmanager/api/v2/alerts} (by a Prometheus whose {@code alerting} names Vigil), read as
 * Alertmanager reads them: a JSON list of {@code {labels, annotations, startsAt, endsAt, generatorURL}}; labels with
 * empty values dropped; no start means now (or the end, if only that is given); no end means
 * {@code resolve_timeout} from now. Alertmanager's checks apply: at least one label, valid label names, an end not
 * before the start. Like Alertmanager, the valid alerts are taken even when others in the same post are not; every
 * problem is named with its place ({@code [2].labels}).
 */
public final class PostedAlerts {

    /** Alertmanager's default {@code resolve_timeout}. */
    public static final Duration RESOLVE_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a post gave: the alerts to take, and what was wrong with the others. */
    public record Result(List<Alert> alerts, List<String> problems) {
        public Result {
            alerts = List.copyOf(alerts);
            problems = List.copyOf(problems);
        }
    }

    /** The body is not a JSON list at all: nothing is taken. */
    public static final class UnreadableException extends Exception {
        public UnreadableException(String message) {
            super(message);
        }
    }

    private PostedAlerts() {
    }

    public static Result parse(String body, Instant now, Duration resolveTimeout) throws UnreadableException {
        JsonNode root;
        try {
            root = JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new UnreadableException("body: not JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isArray()) {
            throw new UnreadableException("body: expected a JSON list of alerts, found " + kind(root));
        }
        List<Alert> alerts = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            alert(root.get(i), "[" + i + "]", now, resolveTimeout, problems).ifPresent(alerts::add);
        }
        return new Result(alerts, problems);
    }

    private static Optional<Alert> alert(JsonNode node, String at, Instant now, Duration resolveTimeout,
                                         List<String> problems) {
        if (!node.isObject()) {
            problems.add(at + ": expected an alert object, found " + kind(node));
            return Optional.empty();
        }
        int before = problems.size();
        Map<String, String> labels = strings(node.get("labels"), at + ".labels", problems);
        labels.values().removeIf(String::isEmpty);
        if (node.get("labels") == null || node.get("labels").isNull()) {
            problems.add(at + ".labels: required");
        } else if (labels.isEmpty() && problems.size() == before) {
            problems.add(at + ".labels: at least one label pair required");
        }
        for (String name : labels.keySet()) {
            if (!LABEL_NAME.matcher(name).matches()) {
                problems.add(at + ".labels: invalid label name \"" + name + "\"");
            }
        }
        Map<String, String> annotations = strings(node.get("annotations"), at + ".annotations", problems);
        for (String name : annotations.keySet()) {
            if (!LABEL_NAME.matcher(name).matches()) {
                problems.add(at + ".annotations: invalid annotation name \"" + name + "\"");
            }
        }
        Optional<Instant> startsAt = time(node.get("startsAt"), at + ".startsAt", problems);
        Optional<Instant> endsAt = time(node.get("endsAt"), at + ".endsAt", problems);
        String generator = "";
        JsonNode url = node.get("generatorURL");
        if (url != null && !url.isNull()) {
            if (url.isTextual()) {
                generator = url.asText();
            } else {
                problems.add(at + ".generatorURL: expected a string, found " + kind(url));
            }
        }
        if (problems.size() > before) {
            return Optional.empty();
        }
        Instant start = startsAt.orElse(endsAt.orElse(now));
        Instant end = endsAt.orElse(now.plus(resolveTimeout));
        if (end.isBefore(start)) {
            problems.add(at + ": start time must be before end time (startsAt " + start + ", endsAt " + end + ")");
            return Optional.empty();
        }
        return Optional.of(new Alert(new TreeMap<>(labels), annotations, start, Optional.of(end), generator));
    }

    private static Map<String, String> strings(JsonNode node, String at, List<String> problems) {
        Map<String, String> out = new LinkedHashMap<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isObject()) {
            problems.add(at + ": expected an object of strings, found " + kind(node));
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                problems.add(at + "." + e.getKey() + ": expected a string, found " + kind(e.getValue()));
                continue;
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /** An RFC 3339 time; Go's zero time ({@code 0001-01-01T00:00:00Z}), which Prometheus may send, is no time. */
    private static Optional<Instant> time(JsonNode node, String at, List<String> problems) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            problems.add(at + ": expected an RFC 3339 time, found " + kind(node));
            return Optional.empty();
        }
        try {
            Instant t = OffsetDateTime.parse(node.asText()).toInstant();
            return t.equals(Instant.parse("0001-01-01T00:00:00Z")) ? Optional.empty() : Optional.of(t);
        } catch (DateTimeParseException e) {
            problems.add(at + ": \"" + node.asText() + "\" is not an RFC 3339 time");
            return Optional.empty();
        }
    }

    private static String kind(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        if (node.isNull()) {
            return "null";
        }
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "an object";
        }
        if (node.isTextual()) {
            return "a string";
        }
        if (node.isNumber()) {
            return "a number";
        }
        return node.isBoolean() ? "a boolean" : node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
    }
}
