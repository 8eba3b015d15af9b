package dev.vigil.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.gate.AddedWindow;
import dev.vigil.gate.GateControl;
import dev.vigil.gate.GateState;
import dev.vigil.gate.TimedOverride;
import dev.vigil.gate.WindowNameTakenException;
import dev.vigil.stack.Durations;
import dev.vigil.stack.Profile;
import dev.vigil.stack.Stack;
import dev.vigil.window.Calendar;
import dev.vigil.window.Freeze;
import dev.vigil.window.Interval;
import dev.vigil.window.Transition;
import dev.vigil.window.Window;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Freeze and maintenance windows: what is open and what comes next, windows added at run time, overrides. */
final class WindowEndpoints {

    static final int UPCOMING = 10;
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,62}");
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private final ControlPlane plane;

    WindowEndpoints(ControlPlane plane) {
        this.plane = plane;
    }

    private GateControl gates() {
        return plane.gates();
    }

    Reply list(Call call) {
        return Reply.ok(view(gates().state(), plane.clock().now(), plane.stack().stack()));
    }

    /**
     * The calendar as the API, {@code vigil windows} and the stack view show it, with the stack's profiles and
     * whether each applies now.
     */
    static ObjectNode view(GateState state, Instant now, Stack stack) {
        List<String> services = stack.services().stream().map(s -> s.name()).toList();
        Calendar calendar = state.calendar();
        ObjectNode node = Json.object();
        node.put("now", now.toString());
        ArrayNode windows = node.putArray("windows");
        for (Window w : calendar.windows()) {
            ObjectNode n = windows.addObject();
            n.put("name", w.name());
            n.put("kind", w.kind().yamlName());
            n.put("origin", w.origin().label());
            n.put("schedule", w.describe());
            n.put("zone", w.zone().getId());
            ArrayNode covers = n.putArray("services");
            w.services().forEach(covers::add);
            n.put("reason", w.reason().orElse(null));
            Optional<Interval> open = w.openAt(now);
            n.put("open", open.isPresent());
            n.put("closes_at", open.map(i -> i.end().toString()).orElse(null));
            n.put("opens_at", open.isPresent() ? null
                    : w.nextOpening(now).map(i -> i.start().toString()).orElse(null));
        }
        ArrayNode upcoming = node.putArray("upcoming");
        for (Transition t : calendar.upcoming(now, UPCOMING)) {
            upcoming.addObject().put("at", t.at().toString()).put("window", t.window().name())
                    .put("kind", t.window().kind().yamlName()).put("edge", t.opens() ? "opens" : "closes");
        }
        ArrayNode frozen = node.putArray("frozen");
        for (String service : services) {
            calendar.frozen(service, now).ifPresent(f -> frozen.add(frozen(service, f)));
        }
        ArrayNode profiles = node.putArray("profiles");
        for (Profile p : stack.profiles()) {
            ObjectNode n = profiles.addObject();
            n.put("name", p.name());
            n.put("window", p.window());
            ArrayNode covers = n.putArray("services");
            p.services().forEach(covers::add);
            n.put("settings", p.settings());
            n.put("active", stack.activeProfiles().contains(p.name()));
        }
        ArrayNode overrides = node.putArray("overrides");
        for (TimedOverride o : state.overrides()) {
            if (o.activeAt(now)) {
                overrides.addObject().put("opened_by", o.openedBy()).put("reason", o.reason())
                        .put("from", o.from().toString()).put("until", o.until().toString());
            }
        }
        return node;
    }

    private static ObjectNode frozen(String service, Freeze f) {
        ObjectNode n = Json.object();
        n.put("service", service);
        ArrayNode names = n.putArray("windows");
        f.windows().forEach(w -> names.add(w.window().name()));
        n.put("until", f.until().toString());
        return n;
    }

    /** Adds a one-off window: {@code {name?, kind?, from, to, zone?, services?, reason}}. */
    Reply add(Call call) throws IOException {
        ObjectNode body = call.jsonBody(Set.of("name", "kind", "from", "to", "zone", "services", "reason"));
        String kind = Json.string(body, "kind", 20).orElse("freeze");
        if (!kind.equals("freeze") && !kind.equals("maintenance")) {
            throw ApiError.invalid("field 'kind' must be freeze or maintenance, got '" + Json.clip(kind) + "'");
        }
        String reason = Json.requiredString(body, "reason", ServiceEndpoints.MAX_REASON);
        if (reason.isBlank()) {
            throw ApiError.invalid("field 'reason' must not be blank: a window says why");
        }
        ZoneId zone = zone(Json.string(body, "zone", 100));
        LocalDateTime from = local(body, "from");
        LocalDateTime to = local(body, "to");
        String name = Json.string(body, "name", 63).orElse(kind + "-" + from.toLocalDate());
        if (!NAME.matcher(name).matches()) {
            throw ApiError.invalid("field 'name' must be letters, digits, '_', '.' and '-', starting with a letter or"
                    + " digit, at most 63 characters");
        }
        List<String> services = services(body);
        call.audit("window " + name, reason);
        AddedWindow added = new AddedWindow(name, kind, from, to, zone, services, reason, call.actor(),
                plane.clock().now());
        try {
            gates().add(added);
        } catch (WindowNameTakenException e) {
            throw ApiError.conflict(e.getMessage());
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid(e.getMessage());
        }
        return Reply.json(201, view(gates().state(), plane.clock().now(), plane.stack().stack()).put("added", name));
    }

    /** Ends a window added at run time; the body may say why. */
    Reply end(Call call) throws IOException {
        String name = call.path("name");
        String reason = Json.string(call.jsonBody(Set.of("reason")), "reason", ServiceEndpoints.MAX_REASON)
                .orElse("");
        call.audit("window " + name, reason);
        if (gates().inFile(name)) {
            throw ApiError.conflict("window '" + Json.clip(name) + "' is declared in the stack file; edit the file"
                    + " and apply it to change it");
        }
        Optional<AddedWindow> ended = gates().end(name, call.actor());
        if (ended.isEmpty()) {
            throw ApiError.notFound("no window named '" + Json.clip(name) + "' was added at run time");
        }
        ObjectNode node = Json.object();
        node.put("ended", name);
        return Reply.ok(node);
    }

    /** Opens a timed override of every freeze for operators: {@code {for: "30m", reason}}. */
    Reply override(Call call) throws IOException {
        ObjectNode body = call.jsonBody(Set.of("for", "reason"));
        String reason = Json.requiredString(body, "reason", ServiceEndpoints.MAX_REASON);
        String length = Json.requiredString(body, "for", 20);
        call.audit("freeze override for " + Json.clip(length), reason);
        if (reason.isBlank()) {
            throw ApiError.invalid("field 'reason' must not be blank: an override goes on the record");
        }
        Duration d = Durations.parse(length).orElseThrow(() -> ApiError.invalid("field 'for' must be a duration"
                + " such as 30m, got '" + Json.clip(length) + "'"));
        TimedOverride o;
        try {
            o = gates().override(call.actor(), reason, d);
        } catch (IllegalArgumentException e) {
            throw ApiError.invalid("field 'for': " + e.getMessage() + ", got " + Json.clip(length));
        }
        ObjectNode node = Json.object();
        node.put("opened_by", o.openedBy()).put("reason", o.reason()).put("from", o.from().toString())
                .put("until", o.until().toString());
        return Reply.json(201, node);
    }

    private static ZoneId zone(Optional<String> text) {
        if (text.isEmpty()) {
            return ZoneId.systemDefault();
        }
        try {
            return ZoneId.of(text.get());
        } catch (DateTimeException e) {
            throw ApiError.invalid("field 'zone': unknown time zone '" + Json.clip(text.get())
                    + "'; use an IANA name such as Europe/Berlin");
        }
    }

    private static LocalDateTime local(ObjectNode body, String field) {
        String text = Json.requiredString(body, field, 40).strip();
        try {
            return LocalDateTime.parse(text, LOCAL);
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text);
            } catch (DateTimeParseException again) {
                throw ApiError.invalid("field '" + field + "' must be a local date and time such as"
                        + " \"2026-12-24 12:00\", got '" + Json.clip(text) + "'");
            }
        }
    }

    private static List<String> services(ObjectNode body) {
        List<String> services = new ArrayList<>();
        var node = body.get("services");
        if (node == null || node.isNull()) {
            return services;
        }
        if (!node.isArray()) {
            throw ApiError.invalid("field 'services' must be a list of service names or globs");
        }
        for (var s : node) {
            if (!s.isTextual() || s.textValue().isBlank() || s.textValue().length() > 100) {
                throw ApiError.invalid("field 'services' must be a list of service names or globs");
            }
            services.add(s.textValue());
        }
        return services;
    }
}
