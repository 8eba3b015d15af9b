package dev.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alerting.Ack;
import dev.vigil.alerting.MatcherSyntaxException;
import dev.vigil.alerting.Matchers;
import dev.vigil.alerting.Silence;
import dev.vigil.alerting.route.Alert;
import dev.vigil.alerting.rules.RuleDefinition;
import dev.vigil.alerting.rules.RuleGroup;
import dev.vigil.alerting.run.Alerting;
import dev.vigil.alerting.run.InvalidSilenceException;
import dev.vigil.alerting.run.UnknownAlertException;
import dev.vigil.metrics.Matcher;
import dev.vigil.notify.DeadLetter;
import dev.vigil.stack.Durations;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Alerts, acknowledgements, silences, failed notifications, receiver tests and rules: Vigil's own alerting API. */
final class AlertEndpoints {

    static final int DEFAULT_DEAD_LETTERS = 100;
    static final int MAX_DEAD_LETTERS = 1000;
    static final int MAX_MATCHERS = 50;
    static final int MAX_COMMENT = 1000;
    private static final Pattern FINGERPRINT_PREFIX = Pattern.compile("[0-9a-f]{1,16}");

    private final ControlPlane plane;

    AlertEndpoints(ControlPlane plane) {
        this.plane = plane;
    }

    /** The daemon's alerting, or 503 when none runs. */
    static AlertingPlane alerting(ControlPlane plane) {
        return plane.alerting().orElseThrow(() -> new ApiError(503, "alerting_unavailable",
                "alerting does not run in this daemon"));
    }

    /** {@code ?state=active,suppressed&filter=severity="critical"&receiver=team}. */
    Reply list(Call call) {
        Alerting alerting = alerting(plane).alerting();
        Set<Alerting.State> states = states(call.queries("state"));
        List<Matcher> filter = filter(call.queries("filter"));
        Optional<Pattern> receiver = receiver(call.query("receiver"));
        Instant now = plane.clock().now();
        ObjectNode node = Json.object();
        node.put("now", now.toString());
        ArrayNode alerts = node.putArray("alerts");
        for (Alerting.Listed l : alerting.alerts()) {
            if (states.contains(l.state()) && Matchers.matchAll(filter, l.alert().labels())
                    && receiver.map(r -> l.receivers().stream().anyMatch(n -> r.matcher(n).matches())).orElse(true)) {
                alerts.add(view(l));
            }
        }
        return Reply.ok(node);
    }

    static ObjectNode view(Alerting.Listed l) {
        Alert a = l.alert();
        ObjectNode n = Json.object();
        n.put("fingerprint", l.fingerprint());
        n.put("name", a.labels().getOrDefault("alertname", ""));
        n.put("state", l.state().name().toLowerCase(Locale.ROOT));
        n.set("labels", strings(a.labels()));
        n.set("annotations", strings(new java.util.TreeMap<>(a.annotations())));
        n.put("starts_at", a.startsAt().toString());
        n.put("ends_at", a.endsAt().map(Instant::toString).orElse(null));
        n.put("updated_at", l.updatedAt().toString());
        n.put("source", l.source());
        n.put("generator_url", a.generatorUrl());
        n.set("receivers", list(l.receivers()));
        n.set("silenced_by", list(l.silencedBy()));
        n.set("inhibited_by", list(l.inhibitedBy()));
        n.put("held_under", l.heldUnder().orElse(null));
        n.set("ack", l.ack().map(AlertEndpoints::view).orElse(null));
        return n;
    }

    private static ObjectNode view(Ack ack) {
        ObjectNode n = Json.object();
        n.put("by", ack.by()).put("reason", ack.reason()).put("at", ack.at().toString())
                .put("until", ack.until().toString());
        return n;
    }

    /** Acknowledges one firing alert by a prefix of its fingerprint: {@code {for: "2h", reason}}. */
    Reply ack(Call call) throws IOException {
        Alerting alerting = alerting(plane).alerting();
        String prefix = call.path("fingerprint");
        ObjectNode body = call.jsonBody(Set.of("for", "reason"));
        String reason = Json.requiredString(body, "reason", ServiceEndpoints.MAX_REASON);
        String length = Json.requiredString(body, "for", 20);
        call.audit("alert " + Json.clip(prefix), reason);
        if (!FINGERPRINT_PREFIX.matcher(prefix).matches()) {
            throw ApiError.invalid("the fingerprint must be 1 to 16 lowercase hex digits, got '" + Json.clip(prefix)
                    + "'");
        }
        if (reason.isBlank()) {
            throw ApiError.invalid("field 'reason' must not be blank: an acknowledgement goes on the record");
        }
        Duration d = Durations.parse(length).filter(x -> x.isPositive()).orElseThrow(() -> ApiError.invalid(
                "field 'for' must be a positive duration such as 2h, got '" + Json.clip(length) + "'"));
        List<String> matching = alerting.alerts().stream()
                .filter(l -> l.state() == Alerting.State.ACTIVE || l.state() == Alerting.State.SUPPRESSED)
                .map(Alerting.Listed::fingerprint).filter(f -> f.startsWith(prefix)).distinct().toList();
        if (matching.size() > 1) {
            ObjectNode details = Json.object();
            details.set("fingerprints", list(matching));
            throw new ApiError(409, "ambiguous", prefix + " is the start of " + matching.size()
                    + " fingerprints; give more of it", Map.of(), details);
        }
        Ack ack;
        try {
            ack = alerting.ack(prefix, d, call.actor(), reason);
        } catch (UnknownAlertException e) {
            throw new ApiError(404, "unknown_alert", e.getMessage());
        }
        call.audit("alert " + ack.fingerprint(), reason);
        ObjectNode node = view(ack);
        node.put("fingerprint", ack.fingerprint());
        return Reply.json(201, node);
    }

    Reply silences(Call call) {
        Instant now = plane.clock().now();
        ObjectNode node = Json.object();
        node.put("now", now.toString());
        ArrayNode out = node.putArray("silences");
        alerting(plane).alerting().silences().forEach(s -> out.add(view(s, now)));
        return Reply.ok(node);
    }

    static ObjectNode view(Silence s, Instant now) {
        ObjectNode n = Json.object();
        n.put("id", s.id());
        ArrayNode matchers = n.putArray("matchers");
        s.matchers().forEach(m -> matchers.add(m.toString()));
        n.put("starts_at", s.startsAt().toString());
        n.put("ends_at", s.endsAt().toString());
        n.put("created_by", s.createdBy());
        n.put("comment", s.comment());
        n.put("state", s.state(now).name().toLowerCase(Locale.ROOT));
        return n;
    }

    /**
     * Adds a silence: {@code {matchers: ["severity=\"critical\"", ...], starts_at?, ends_at | for, comment}}; its
     * author is the token's name. Every problem is named together.
     */
    Reply addSilence(Call call) throws IOException {
        Alerting alerting = alerting(plane).alerting();
        ObjectNode body = call.jsonBody(Set.of("matchers", "starts_at", "ends_at", "for", "comment"));
        Instant now = plane.clock().now();
        List<String> problems = new ArrayList<>();
        List<Matcher> matchers = matchers(body.get("matchers"), problems);
        Optional<Instant> start = time(body, "starts_at", problems);
        Optional<Instant> end = time(body, "ends_at", problems);
        Optional<String> length = text(body, "for", 20, problems);
        String comment = text(body, "comment", MAX_COMMENT, problems).orElse("");
        call.audit("silence " + matchers.stream().map(Matcher::toString).reduce((a, b) -> a + "," + b).orElse(""),
                comment);
        Instant from = start.orElse(now);
        Instant until = from;
        if (end.isPresent() && length.isPresent()) {
            problems.add("ends_at, for: give one of them, not both");
        } else if (end.isPresent()) {
            until = end.get();
        } else if (length.isPresent()) {
            Optional<Duration> d = Durations.parse(length.get());
            if (d.isEmpty()) {
                problems.add("for: must be a duration such as 1h, got '" + Json.clip(length.get()) + "'");
            } else {
                until = from.plus(d.get());
            }
        } else {
            problems.add("ends_at, for: a silence needs an end (ends_at) or a length (for)");
        }
        Silence silence = new Silence("", matchers, from, until, call.actor(), comment);
        // The silence's own checks, less those about a field already found wrong (its value is a stand-in).
        boolean badMatchers = problems.stream().anyMatch(p -> p.startsWith("matchers"));
        boolean badTimes = problems.stream().anyMatch(p -> p.startsWith("ends_at") || p.startsWith("starts_at")
                || p.startsWith("for"));
        for (String p : silence.problems(now)) {
            if (!(badMatchers && p.startsWith("matchers")) && !(badTimes && p.startsWith("endsAt"))) {
                problems.add(p.startsWith("endsAt") ? "ends_at" + p.substring("endsAt".length()) : p);
            }
        }
        if (!problems.isEmpty()) {
            throw invalidSilence(problems);
        }
        Silence saved;
        try {
            saved = alerting.silence(silence);
        } catch (InvalidSilenceException e) {
            throw invalidSilence(e.problems());
        }
        call.audit("silence " + saved.id(), comment);
        return Reply.json(201, view(saved, plane.clock().now()));
    }

    static ApiError invalidSilence(List<String> problems) {
        ObjectNode details = Json.object();
        details.set("problems", list(problems));
        return new ApiError(400, "invalid_silence", "the silence cannot be made: " + String.join("; ", problems),
                Map.of(), details);
    }

    Reply expireSilence(Call call) {
        String id = call.path("id");
        call.audit("silence " + Json.clip(id), "");
        Silence expired = alerting(plane).alerting().expire(id).orElseThrow(() -> new ApiError(404, "unknown_silence",
                "no silence with id '" + Json.clip(id) + "'"));
        return Reply.ok(view(expired, plane.clock().now()));
    }

    /** The notifications given up on, newest first. */
    Reply deadLetters(Call call) {
        int limit = call.intQuery("limit", DEFAULT_DEAD_LETTERS, 1, MAX_DEAD_LETTERS);
        ObjectNode node = Json.object();
        ArrayNode out = node.putArray("failed");
        for (DeadLetter d : alerting(plane).deadLetters().list(limit)) {
            ObjectNode n = out.addObject();
            n.put("id", d.id());
            n.put("receiver", d.receiver());
            n.put("config", d.configIndex());
            n.put("kind", d.kind());
            n.put("summary", d.summary());
            n.put("error", d.error());
            n.put("attempts", d.attempts());
            n.put("at", d.at().toString());
        }
        return Reply.ok(node);
    }

    Reply dropDeadLetter(Call call) {
        String text = call.path("id");
        call.audit("notification " + Json.clip(text), "");
        long id;
        try {
            id = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw ApiError.invalid("a failed notification's id is a whole number, got '" + Json.clip(text) + "'");
        }
        if (!alerting(plane).deadLetters().remove(id)) {
            throw ApiError.notFound("no failed notification with id " + id);
        }
        return Reply.noContent();
    }

    /** Sends a test notification through every config of a receiver and says what each answered. */
    Reply testReceiver(Call call) {
        AlertingPlane alerting = alerting(plane);
        String name = call.path("name");
        call.audit("receiver " + Json.clip(name), "");
        Optional<List<String>> results;
        try {
            results = alerting.receivers().test(name);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "unavailable", "the daemon is stopping");
        }
        if (results.isEmpty()) {
            List<String> names = alerting.receivers().names();
            ObjectNode details = Json.object();
            details.set("receivers", list(names));
            throw new ApiError(404, "unknown_receiver", "no receiver named '" + Json.clip(name) + "'"
                    + (names.isEmpty() ? "; the stack file declares none" : "; receivers: " + String.join(", ", names)),
                    Map.of(), details);
        }
        ObjectNode node = Json.object();
        node.put("receiver", name);
        node.set("results", list(results.get()));
        return Reply.ok(node);
    }

    /** The rule groups running now, each rule with the alerts it has. */
    Reply rules(Call call) {
        Alerting alerting = alerting(plane).alerting();
        List<Alerting.Listed> listed = alerting.alerts();
        ObjectNode node = Json.object();
        ArrayNode groups = node.putArray("groups");
        for (RuleGroup g : alerting.ruleGroups()) {
            ObjectNode n = groups.addObject();
            n.put("name", g.name());
            n.put("file", g.file() == null ? "" : g.file().toString());
            n.put("interval", g.interval().map(Durations::format).orElse(null));
            ArrayNode rules = n.putArray("rules");
            for (RuleDefinition r : g.rules()) {
                ObjectNode rn = rules.addObject();
                switch (r) {
                    case RuleDefinition.Alerting a -> {
                        rn.put("type", "alerting").put("name", a.alert()).put("expr", a.expr())
                                .put("for", Durations.format(a.holdFor()));
                        rn.set("labels", strings(new java.util.TreeMap<>(a.labels())));
                        ArrayNode alerts = rn.putArray("alerts");
                        listed.stream().filter(l -> a.alert().equals(l.alert().labels().get("alertname"))
                                        && !"api".equals(l.source()))
                                .forEach(l -> alerts.add(view(l)));
                    }
                    case RuleDefinition.Recording rec -> rn.put("type", "recording").put("name", rec.record())
                            .put("expr", rec.expr());
                }
            }
        }
        return Reply.ok(node);
    }

    static Set<Alerting.State> states(List<String> values) {
        if (values.isEmpty()) {
            return EnumSet.allOf(Alerting.State.class);
        }
        Set<Alerting.State> out = EnumSet.noneOf(Alerting.State.class);
        for (String value : values) {
            for (String one : value.split(",")) {
                try {
                    out.add(Alerting.State.valueOf(one.strip().toUpperCase(Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    throw ApiError.invalid("query parameter 'state' takes pending, active, suppressed and resolved,"
                            + " got '" + Json.clip(one) + "'");
                }
            }
        }
        return out;
    }

    /** Alertmanager's {@code filter}: each value one matcher or a list of them, all must match. */
    static List<Matcher> filter(List<String> values) {
        List<Matcher> out = new ArrayList<>();
        for (String value : values) {
            try {
                out.addAll(Matchers.parseAll(value));
            } catch (MatcherSyntaxException e) {
                throw ApiError.invalid("query parameter 'filter': " + e.getMessage());
            }
        }
        return out;
    }

    static Optional<Pattern> receiver(Optional<String> regex) {
        try {
            return regex.filter(r -> !r.isEmpty()).map(r -> Pattern.compile("^(?:" + r + ")$"));
        } catch (PatternSyntaxException e) {
            throw ApiError.invalid("query parameter 'receiver' is not a regular expression: " + e.getDescription());
        }
    }

    private static List<Matcher> matchers(JsonNode node, List<String> problems) {
        List<Matcher> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            problems.add("matchers: must be a list of matchers such as \"severity=\\\"critical\\\"\"");
            return out;
        }
        if (node.size() > MAX_MATCHERS) {
            problems.add("matchers: at most " + MAX_MATCHERS);
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            JsonNode m = node.get(i);
            if (!m.isTextual()) {
                problems.add("matchers[" + i + "]: must be a string");
                continue;
            }
            try {
                out.addAll(Matchers.parseAll(m.textValue()));
            } catch (MatcherSyntaxException e) {
                problems.add("matchers[" + i + "]: " + e.getMessage());
            }
        }
        return out;
    }

    private static Optional<Instant> time(ObjectNode body, String field, List<String> problems) {
        Optional<String> text = text(body, field, 40, problems);
        try {
            return text.map(t -> OffsetDateTime.parse(t.strip()).toInstant());
        } catch (DateTimeParseException e) {
            problems.add(field + ": must be an RFC 3339 time such as 2026-12-01T10:00:00Z, got '"
                    + Json.clip(text.get()) + "'");
            return Optional.empty();
        }
    }

    private static Optional<String> text(ObjectNode body, String field, int max, List<String> problems) {
        try {
            return Json.string(body, field, max);
        } catch (ApiError e) {
            problems.add(field + ": " + e.getMessage());
            return Optional.empty();
        }
    }

    static ObjectNode strings(Map<String, String> map) {
        ObjectNode n = Json.object();
        map.forEach(n::put);
        return n;
    }

    static ArrayNode list(List<String> values) {
        ArrayNode n = Json.MAPPER.createArrayNode();
        values.forEach(n::add);
        return n;
    }
}
