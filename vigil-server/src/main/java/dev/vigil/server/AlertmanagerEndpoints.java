package dev.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.alerting.Matchers;
import dev.vigil.alerting.Silence;
import dev.vigil.alerting.intake.PostedAlerts;
import dev.vigil.alerting.route.Alert;
import dev.vigil.alerting.run.Alerting;
import dev.vigil.alerting.run.InvalidSilenceException;
import dev.vigil.metrics.Matcher;

import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Alertmanager's API v2 over Vigil's alerting, field for field as its OpenAPI document has them, so that a
 * Prometheus posts its alerts here and amtool and Grafana list and silence them.
 */
final class AlertmanagerEndpoints {

    /** How Alertmanager writes "no end yet": Go's zero time. */
    static final String NO_TIME = "0001-01-01T00:00:00.000Z";

    private final ControlPlane plane;
    private final Instant started;

    AlertmanagerEndpoints(ControlPlane plane) {
        this.plane = plane;
        this.started = plane.clock().now();
    }

    private Alerting alerting() {
        return AlertEndpoints.alerting(plane).alerting();
    }

    /** {@code gettableAlerts}: firing alerts only, as Alertmanager lists them; pending and resolved ones are not. */
    Reply alerts(Call call) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        listed(call).forEach(l -> out.add(alert(l)));
        return Reply.ok(out);
    }

    /**
     * {@code alertGroups}: the alerts as the routing tree groups them, one group per route and value of its
     * {@code group_by} labels (an alert routed twice is in two groups), as Grafana lists them.
     */
    Reply groups(Call call) {
        List<Alerting.Listed> listed = listed(call);
        Optional<Pattern> receiver = AlertEndpoints.receiver(call.query("receiver"));
        Optional<dev.vigil.alerting.route.Route> tree = alerting().routes();
        Map<String, ObjectNode> groups = new java.util.LinkedHashMap<>();
        for (Alerting.Listed l : listed) {
            for (dev.vigil.alerting.route.Route r : tree.map(t -> t.match(l.alert().labels())).orElse(List.of())) {
                if (receiver.isPresent() && !receiver.get().matcher(r.receiver()).matches()) {
                    continue;
                }
                ObjectNode g = groups.computeIfAbsent(r.id() + ":" + r.groupLabels(l.alert().labels()), k -> {
                    ObjectNode n = Json.object();
                    n.set("labels", AlertEndpoints.strings(r.groupLabels(l.alert().labels())));
                    n.putObject("receiver").put("name", r.receiver());
                    n.putArray("alerts");
                    return n;
                });
                ((ArrayNode) g.get("alerts")).add(alert(l));
            }
        }
        ArrayNode out = Json.MAPPER.createArrayNode();
        groups.values().forEach(out::add);
        return Reply.ok(out);
    }

    private List<Alerting.Listed> listed(Call call) {
        boolean active = call.boolQuery("active", true);
        boolean silenced = call.boolQuery("silenced", true);
        boolean inhibited = call.boolQuery("inhibited", true);
        call.boolQuery("unprocessed", true);
        List<Matcher> filter = AlertEndpoints.filter(call.queries("filter"));
        Optional<Pattern> receiver = AlertEndpoints.receiver(call.query("receiver"));
        List<Alerting.Listed> out = new ArrayList<>();
        for (Alerting.Listed l : alerting().alerts()) {
            if (l.state() == Alerting.State.PENDING || l.state() == Alerting.State.RESOLVED
                    || !active && l.state() == Alerting.State.ACTIVE
                    || !silenced && !l.silencedBy().isEmpty()
                    || !inhibited && !l.inhibitedBy().isEmpty()
                    || !Matchers.matchAll(filter, l.alert().labels())
                    || receiver.isPresent() && l.receivers().stream().noneMatch(r -> receiver.get().matcher(r).matches())) {
                continue;
            }
            out.add(l);
        }
        return out;
    }

    static ObjectNode alert(Alerting.Listed l) {
        Alert a = l.alert();
        ObjectNode n = Json.object();
        n.set("annotations", AlertEndpoints.strings(new java.util.TreeMap<>(a.annotations())));
        n.put("endsAt", a.endsAt().map(Instant::toString).orElse(NO_TIME));
        n.put("fingerprint", l.fingerprint());
        ArrayNode receivers = n.putArray("receivers");
        l.receivers().forEach(r -> receivers.addObject().put("name", r));
        n.put("startsAt", a.startsAt().toString());
        ObjectNode status = n.putObject("status");
        status.set("inhibitedBy", AlertEndpoints.list(l.inhibitedBy()));
        status.set("silencedBy", AlertEndpoints.list(l.silencedBy()));
        status.put("state", l.state() == Alerting.State.SUPPRESSED ? "suppressed" : "active");
        n.put("updatedAt", l.updatedAt().toString());
        n.put("generatorURL", a.generatorUrl());
        n.set("labels", AlertEndpoints.strings(a.labels()));
        return n;
    }

    /** {@code postableAlerts}: the valid ones are taken even when others are not; those are named in the 400. */
    Reply post(Call call) throws IOException {
        Alerting alerting = alerting();
        PostedAlerts.Result result;
        try {
            result = PostedAlerts.parse(call.text(), plane.clock().now(), PostedAlerts.RESOLVE_TIMEOUT);
        } catch (PostedAlerts.UnreadableException e) {
            throw ApiError.invalid(e.getMessage());
        }
        if (!result.alerts().isEmpty()) {
            alerting.post(result.alerts());
        }
        if (!result.problems().isEmpty()) {
            throw ApiError.invalid(String.join("; ", result.problems()));
        }
        return new Reply(200, Map.of(), new byte[0], Reply.JSON, false);
    }

    /** {@code gettableSilences}, filtered as Alertmanager does: by the labels the silences' matchers name. */
    Reply silences(Call call) {
        List<Matcher> filter = AlertEndpoints.filter(call.queries("filter"));
        List<String> creators = call.queries("creator");
        Instant now = plane.clock().now();
        ArrayNode out = Json.MAPPER.createArrayNode();
        for (Silence s : alerting().silences()) {
            Map<String, String> named = new HashMap<>();
            s.matchers().forEach(m -> named.put(m.name(), m.value()));
            if (Matchers.matchAll(filter, named) && (creators.isEmpty() || creators.contains(s.createdBy()))) {
                out.add(silence(s, now));
            }
        }
        return Reply.ok(out);
    }

    Reply silence(Call call) {
        String id = call.path("silenceID");
        Silence s = alerting().silence(id).orElseThrow(() -> unknownSilence(id));
        return Reply.ok(silence(s, plane.clock().now()));
    }

    static ObjectNode silence(Silence s, Instant now) {
        ObjectNode n = Json.object();
        n.put("id", s.id());
        n.putObject("status").put("state", s.state(now).name().toLowerCase(Locale.ROOT));
        // Vigil keeps no separate update time: a silence changes at its start, or when it is ended early.
        n.put("updatedAt", (s.state(now) == Silence.State.EXPIRED ? s.endsAt() : s.startsAt()).toString());
        n.put("comment", s.comment());
        n.put("createdBy", s.createdBy());
        n.put("endsAt", s.endsAt().toString());
        ArrayNode matchers = n.putArray("matchers");
        for (Matcher m : s.matchers()) {
            matchers.addObject().put("isEqual", m.op() == Matcher.Op.EQ || m.op() == Matcher.Op.RE)
                    .put("isRegex", m.op() == Matcher.Op.RE || m.op() == Matcher.Op.NRE)
                    .put("name", m.name()).put("value", m.value());
        }
        n.put("startsAt", s.startsAt().toString());
        return n;
    }

    /** {@code postableSilence}: a new silence, or with an {@code id} a replacement of that one. */
    Reply postSilence(Call call) throws IOException {
        Alerting alerting = alerting();
        ObjectNode body = call.jsonBody(Set.of("id", "matchers", "startsAt", "endsAt", "createdBy", "comment"));
        List<String> problems = new ArrayList<>();
        String id = text(body, "id", problems, false);
        List<Matcher> matchers = matchers(body.get("matchers"), problems);
        Optional<Instant> start = time(body, "startsAt", problems);
        Optional<Instant> end = time(body, "endsAt", problems);
        String createdBy = text(body, "createdBy", problems, true);
        String comment = text(body, "comment", problems, true);
        call.audit("silence " + (id.isEmpty() ? matchers.stream().map(Matcher::toString)
                .reduce((a, b) -> a + "," + b).orElse("") : id), comment);
        if (!problems.isEmpty()) {
            throw ApiError.invalid(String.join("; ", problems));
        }
        if (!id.isEmpty() && alerting.silence(id).isEmpty()) {
            throw unknownSilence(id);
        }
        Silence saved;
        try {
            saved = alerting.silence(new Silence(id, matchers, start.get(), end.get(), createdBy, comment));
        } catch (InvalidSilenceException e) {
            throw ApiError.invalid(e.getMessage());
        }
        call.audit("silence " + saved.id(), comment);
        ObjectNode node = Json.object();
        node.put("silenceID", saved.id());
        return Reply.ok(node);
    }

    Reply deleteSilence(Call call) {
        String id = call.path("silenceID");
        call.audit("silence " + Json.clip(id), "");
        alerting().expire(id).orElseThrow(() -> unknownSilence(id));
        return new Reply(200, Map.of(), new byte[0], Reply.JSON, false);
    }

    /** {@code alertmanagerStatus}: enough for amtool; Vigil is no cluster and has no Alertmanager config file. */
    Reply status(Call call) {
        ObjectNode node = Json.object();
        ObjectNode cluster = node.putObject("cluster");
        cluster.put("status", "disabled");
        cluster.putArray("peers");
        node.putObject("config").put("original", "");
        node.put("uptime", started.toString());
        node.putObject("versionInfo").put("branch", "").put("buildDate", "").put("buildUser", "")
                .put("goVersion", "").put("revision", "").put("version", plane.version());
        return Reply.ok(node);
    }

    Reply receivers(Call call) {
        ArrayNode out = Json.MAPPER.createArrayNode();
        AlertEndpoints.alerting(plane).receivers().names().forEach(n -> out.addObject().put("name", n));
        return Reply.ok(out);
    }

    private static ApiError unknownSilence(String id) {
        return ApiError.notFound("silence " + Json.clip(id) + " not found");
    }

    private static List<Matcher> matchers(JsonNode node, List<String> problems) {
        List<Matcher> out = new ArrayList<>();
        if (node == null || node.isNull() || node.isArray() && node.isEmpty()) {
            problems.add("matchers: at least one matcher is required");
            return out;
        }
        if (!node.isArray() || node.size() > AlertEndpoints.MAX_MATCHERS) {
            problems.add("matchers: must be a list of at most " + AlertEndpoints.MAX_MATCHERS
                    + " {name, value, isRegex, isEqual}");
            return out;
        }
        for (int i = 0; i < node.size(); i++) {
            String at = "matchers[" + i + "]";
            JsonNode m = node.get(i);
            JsonNode name = m.get("name");
            JsonNode value = m.get("value");
            JsonNode regex = m.get("isRegex");
            JsonNode equal = m.get("isEqual");
            if (!m.isObject() || name == null || !name.isTextual() || value == null || !value.isTextual()
                    || regex == null || !regex.isBoolean() || equal != null && !equal.isNull() && !equal.isBoolean()) {
                problems.add(at + ": must be {name: string, value: string, isRegex: boolean, isEqual?: boolean}");
                continue;
            }
            boolean eq = equal == null || equal.isNull() || equal.booleanValue();
            Matcher.Op op = regex.booleanValue() ? eq ? Matcher.Op.RE : Matcher.Op.NRE : eq ? Matcher.Op.EQ
                    : Matcher.Op.NEQ;
            if (!name.textValue().matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                problems.add(at + ".name: invalid label name \"" + Json.clip(name.textValue()) + "\"");
                continue;
            }
            try {
                out.add(Matcher.of(name.textValue(), op, value.textValue()));
            } catch (PatternSyntaxException e) {
                problems.add(at + ".value: invalid regular expression: " + e.getDescription());
            }
        }
        return out;
    }

    private static Optional<Instant> time(ObjectNode body, String field, List<String> problems) {
        String text = text(body, field, problems, true);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(OffsetDateTime.parse(text).toInstant());
        } catch (DateTimeParseException e) {
            problems.add(field + ": \"" + Json.clip(text) + "\" is not an RFC 3339 time");
            return Optional.empty();
        }
    }

    private static String text(ObjectNode body, String field, List<String> problems, boolean required) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull() || value.isTextual() && value.textValue().isEmpty()) {
            if (required) {
                problems.add(field + ": required");
            }
            return "";
        }
        if (!value.isTextual() || value.textValue().length() > AlertEndpoints.MAX_COMMENT) {
            problems.add(field + ": must be a string of at most " + AlertEndpoints.MAX_COMMENT + " characters");
            return "";
        }
        return value.textValue();
    }
}
