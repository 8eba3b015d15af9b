package dev.vigil.stack;

import dev.vigil.alerting.AlertingSettings;
import dev.vigil.alerting.EscalationStep;
import dev.vigil.alerting.InhibitRule;
import dev.vigil.alerting.MatcherSyntaxException;
import dev.vigil.alerting.Matchers;
import dev.vigil.alerting.PromDuration;
import dev.vigil.alerting.ReceiverSettings;
import dev.vigil.alerting.ResponseSpec;
import dev.vigil.alerting.RouteSpec;
import dev.vigil.alerting.RuleFilePatterns;
import dev.vigil.alerting.TimeInterval;
import dev.vigil.metrics.Matcher;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.PatternSyntaxException;

/**
 * Reads {@code alerting:}. Its {@code route}, {@code receivers}, {@code inhibit_rules} and {@code time_intervals}
 * (or Alertmanager's older {@code mute_time_intervals}) are Alertmanager's own, so that they can be pasted from an
 * {@code alertmanager.yml}; a key of Alertmanager's that Vigil does not take is named as such, never dropped. Names
 * are checked across the section: receivers a route or an escalation names, time intervals (or the stack's windows)
 * a route names.
 */
final class AlertingReader {

    static final List<String> KEYS = List.of("rule_files", "evaluation_interval", "route", "receivers", "inhibit_rules",
            "time_intervals", "mute_time_intervals", "escalation", "hold_dependents", "builtin_rules", "responses");
    static final List<String> ACTIONS = List.of("restart", "command", "webhook");
    static final List<String> RESPONSE_KEYS = List.of("alert", "matchers", "action", "command", "url", "timeout",
            "limit");
    static final List<String> ROUTE_KEYS = List.of("receiver", "group_by", "continue", "matchers", "match", "match_re",
            "mute_time_intervals", "active_time_intervals", "group_wait", "group_interval", "repeat_interval", "routes");
    static final List<String> INHIBIT_KEYS = List.of("source_matchers", "target_matchers", "source_match",
            "source_match_re", "target_match", "target_match_re", "equal");
    static final List<String> INTERVAL_KEYS = List.of("times", "weekdays", "days_of_month", "months", "years", "location");
    /** Alertmanager's top-level keys that belong elsewhere in Vigil or are not taken: said so by name. */
    private static final Map<String, String> ALERTMANAGER_ONLY = Map.of(
            "global", "Alertmanager's `global` is not taken: set each receiver's values (smtp, api URLs) in the receiver",
            "templates", "Alertmanager's notification templates are not supported; receivers render their own messages");

    private final NodeReader reader;
    private final Path directory;

    AlertingReader(NodeReader reader, Path directory) {
        this.reader = reader;
        this.directory = directory;
    }

    AlertingSettings read(Node node, Node key, String path, List<String> windowNames) {
        if (YamlNodes.isNull(node)) {
            return AlertingSettings.NONE;
        }
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                String name = YamlNodes.keyName(t.getKeyNode());
                if (ALERTMANAGER_ONLY.containsKey(name)) {
                    reader.problem(t.getKeyNode(), path + "." + name, ALERTMANAGER_ONLY.get(name));
                }
            }
        }
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        if (node instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (!ALERTMANAGER_ONLY.containsKey(YamlNodes.keyName(t.getKeyNode()))) {
                    entries.put(YamlNodes.keyName(t.getKeyNode()), t);
                }
            }
        }
        Optional<MapReader> found = reader.map(filtered((MappingNode) (node instanceof MappingNode ? node : null), entries,
                node), key, path, KEYS);
        if (found.isEmpty()) {
            return AlertingSettings.NONE;
        }
        MapReader map = found.get();
        List<String> ruleFiles = map.get("rule_files").map(n -> reader.strings(n, map.path("rule_files"))).orElse(List.of());
        List<AlertingSettings.RuleFile> rules = map.get("rule_files").map(n -> ruleFiles(n, map.path("rule_files"),
                ruleFiles)).orElse(List.of());
        Duration evaluation = map.get("evaluation_interval")
                .flatMap(n -> reader.positiveDuration(n, map.path("evaluation_interval")))
                .orElse(AlertingSettings.DEFAULT_EVALUATION_INTERVAL);
        List<ReceiverSettings> receivers = map.get("receivers").map(n -> receivers(n, map.path("receivers")))
                .orElse(List.of());
        Set<String> receiverNames = new LinkedHashSet<>();
        receivers.forEach(r -> receiverNames.add(r.name()));
        List<TimeInterval.Named> intervals = new ArrayList<>();
        for (String k : List.of("time_intervals", "mute_time_intervals")) {
            map.get(k).ifPresent(n -> intervals.addAll(timeIntervals(n, map.path(k))));
        }
        Set<String> intervalNames = new LinkedHashSet<>(windowNames);
        intervals.forEach(i -> intervalNames.add(i.name()));
        Optional<RouteSpec> route = map.get("route").flatMap(n -> route(n, map.path("route")).map(spec -> {
            for (String problem : spec.problems(map.path("route"), receiverNames, intervalNames)) {
                int colon = problem.indexOf(": ");
                reader.problem(n, problem.substring(0, colon), problem.substring(colon + 2));
            }
            return spec;
        }));
        if (route.isEmpty() && (!receivers.isEmpty() || !ruleFiles.isEmpty()) && map.get("route").isEmpty()) {
            reader.problem(node, path, "missing required key `route`: alerts need a route to a receiver");
        }
        List<InhibitRule> inhibit = map.get("inhibit_rules")
                .map(n -> reader.items(n, map.path("inhibit_rules"), "a list of inhibit rules", this::inhibitRule))
                .orElse(List.of());
        Map<String, List<EscalationStep>> escalations = map.get("escalation")
                .map(n -> escalation(n, map.path("escalation"), receiverNames)).orElse(Map.of());
        boolean hold = map.get("hold_dependents").flatMap(n -> reader.bool(n, map.path("hold_dependents"))).orElse(true);
        Set<String> disabled = new LinkedHashSet<>();
        boolean builtins = map.get("builtin_rules").map(n -> builtins(n, map.path("builtin_rules"), disabled))
                .orElse(true);
        List<ResponseSpec> responses = map.get("responses").map(n -> reader.items(n, map.path("responses"),
                "a list of responses", this::response)).orElse(List.of());
        return new AlertingSettings(ruleFiles, rules, evaluation, route, receivers, inhibit, intervals, escalations,
                hold, builtins, disabled, responses);
    }

    /**
     * {@code {alert, matchers, action: restart|command|webhook, command, url, timeout, limit: {count, window}}}:
     * {@code command} goes with {@code action: command} only, {@code url} with {@code webhook}.
     */
    private Optional<ResponseSpec> response(Node node, String path) {
        Optional<MapReader> found = reader.map(node, node, path, RESPONSE_KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader m = found.get();
        Optional<String> alert = m.required("alert").flatMap(n -> reader.string(n, m.path("alert")));
        List<Matcher> matchers = m.get("matchers").map(n -> matchers(n, m.path("matchers"))).orElse(List.of());
        Duration timeout = m.get("timeout").flatMap(n -> reader.positiveDuration(n, m.path("timeout")))
                .orElse(ResponseSpec.DEFAULT_TIMEOUT);
        Optional<String> kind = m.required("action").flatMap(n -> reader.choice(n, m.path("action"), "action",
                ACTIONS, k -> ACTIONS.contains(k) ? Optional.of(k) : Optional.empty()));
        Optional<ResponseSpec.Action> action = kind.flatMap(k -> switch (k) {
            case "restart" -> Optional.of(new ResponseSpec.Restart());
            case "command" -> m.required("command").flatMap(n -> reader.command(n, m.path("command")))
                    .map(c -> new ResponseSpec.Command(c, timeout));
            default -> m.required("url").flatMap(n -> reader.string(n, m.path("url")).flatMap(u -> url(n, m.path("url"), u)))
                    .map(u -> new ResponseSpec.Webhook(u, timeout));
        });
        kind.ifPresent(k -> {
            if (!k.equals("command")) {
                m.keyNode("command").ifPresent(n -> reader.problem(n, m.path("command"), "`command` goes with "
                        + "`action: command`, not `" + k + "`"));
            }
            if (!k.equals("webhook")) {
                m.keyNode("url").ifPresent(n -> reader.problem(n, m.path("url"), "`url` goes with `action: webhook`, not `"
                        + k + "`"));
            }
        });
        int limit = ResponseSpec.DEFAULT_LIMIT;
        Duration window = ResponseSpec.DEFAULT_WINDOW;
        Optional<MapReader> limits = m.get("limit").flatMap(n -> reader.map(n, n, m.path("limit"), List.of("count", "window")));
        if (limits.isPresent()) {
            MapReader l = limits.get();
            limit = l.get("count").flatMap(n -> reader.integer(n, l.path("count"), 1, 1000)).orElse(limit);
            window = l.get("window").flatMap(n -> reader.positiveDuration(n, l.path("window"))).orElse(window);
        }
        int count = limit;
        Duration per = window;
        return alert.flatMap(a -> action.map(act -> new ResponseSpec(a, matchers, act, count, per)));
    }

    private Optional<java.net.URI> url(Node node, String path, String text) {
        try {
            java.net.URI uri = new java.net.URI(text);
            if (("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (java.net.URISyntaxException e) {
            // said below
        }
        reader.problem(node, path, "expected an http or https URL, found " + YamlNodes.quote(text));
        return Optional.empty();
    }

    /** The rule files, read now: one that is missing or unreadable is a problem at {@code rule_files}. */
    private List<AlertingSettings.RuleFile> ruleFiles(Node node, String path, List<String> patterns) {
        List<String> problems = new ArrayList<>();
        List<AlertingSettings.RuleFile> out = RuleFilePatterns.read(directory, patterns, problems);
        problems.forEach(p -> reader.problem(node, path, p));
        return out;
    }

    /**
     * {@code builtin_rules: false} switches them all off; a map of rule names to booleans switches single ones off
     * (which names exist is checked where the rules are known).
     */
    private boolean builtins(Node node, String path, Set<String> disabled) {
        if (node instanceof ScalarNode) {
            return reader.bool(node, path).orElse(true);
        }
        Optional<MapReader> found = reader.namedMap(node, path);
        found.ifPresent(m -> {
            for (NodeTuple t : m.entries()) {
                String name = YamlNodes.keyName(t.getKeyNode());
                reader.bool(t.getValueNode(), m.path(name)).filter(on -> !on).ifPresent(off -> disabled.add(name));
            }
        });
        return true;
    }

    private static Node filtered(MappingNode node, Map<String, NodeTuple> entries, Node original) {
        if (node == null) {
            return original;
        }
        return new MappingNode(node.getTag(), new ArrayList<>(entries.values()), node.getFlowStyle());
    }

    private Optional<RouteSpec> route(Node node, String path) {
        Optional<MapReader> found = reader.map(node, node, path, ROUTE_KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader m = found.get();
        Optional<String> receiver = m.get("receiver").flatMap(n -> reader.string(n, m.path("receiver")));
        Optional<List<String>> groupBy = m.get("group_by").map(n -> reader.strings(n, m.path("group_by")));
        boolean cont = m.get("continue").flatMap(n -> reader.bool(n, m.path("continue"))).orElse(false);
        List<Matcher> matchers = new ArrayList<>();
        m.get("match").ifPresent(n -> matchers.addAll(legacy(n, m.path("match"), false)));
        m.get("match_re").ifPresent(n -> matchers.addAll(legacy(n, m.path("match_re"), true)));
        m.get("matchers").ifPresent(n -> matchers.addAll(matchers(n, m.path("matchers"))));
        Optional<Duration> groupWait = m.get("group_wait").flatMap(n -> amDuration(n, m.path("group_wait")));
        Optional<Duration> groupInterval = m.get("group_interval").flatMap(n -> amDuration(n, m.path("group_interval")));
        Optional<Duration> repeat = m.get("repeat_interval").flatMap(n -> amDuration(n, m.path("repeat_interval")));
        List<String> mute = m.get("mute_time_intervals").map(n -> reader.strings(n, m.path("mute_time_intervals")))
                .orElse(List.of());
        List<String> active = m.get("active_time_intervals")
                .map(n -> reader.strings(n, m.path("active_time_intervals"))).orElse(List.of());
        List<RouteSpec> routes = m.get("routes").map(n -> reader.items(n, m.path("routes"), "a list of routes",
                this::route)).orElse(List.of());
        return Optional.of(new RouteSpec(receiver, groupBy, matchers, cont, groupWait, groupInterval, repeat, mute,
                active, routes));
    }

    /** {@code match: {a: b}} or {@code match_re: {a: "b.*"}}, Alertmanager's older form. */
    private List<Matcher> legacy(Node node, String path, boolean regex) {
        List<Matcher> out = new ArrayList<>();
        Optional<MapReader> found = reader.namedMap(node, path);
        for (NodeTuple t : found.map(MapReader::entries).orElse(List.of())) {
            String name = YamlNodes.keyName(t.getKeyNode());
            reader.string(t.getValueNode(), path + "." + name).ifPresent(value -> {
                try {
                    out.add(regex ? Matcher.re(name, value) : Matcher.eq(name, value));
                } catch (PatternSyntaxException e) {
                    reader.problem(t.getValueNode(), path + "." + name, "invalid regular expression: " + e.getDescription());
                }
            });
        }
        return out;
    }

    /** {@code matchers: ['severity="critical"', 'team=~"db|ops"']}. */
    private List<Matcher> matchers(Node node, String path) {
        List<Matcher> out = new ArrayList<>();
        reader.items(node, path, "a list of matchers such as `severity=\"critical\"`", (item, itemPath) ->
                reader.string(item, itemPath)).forEach(text -> {
                    try {
                        out.addAll(Matchers.parseAll(text));
                    } catch (MatcherSyntaxException e) {
                        reader.problem(node, path, e.getMessage());
                    }
                });
        return out;
    }

    private Optional<Duration> amDuration(Node node, String path) {
        Optional<String> text = reader.string(node, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Optional<Duration> d = PromDuration.parse(text.get().trim());
        if (d.isEmpty()) {
            reader.problem(node, path, YamlNodes.quote(text.get()) + " is not a duration; write e.g. `30s`, `5m`, `4h`, `1d`");
        }
        return d;
    }

    private List<ReceiverSettings> receivers(Node node, String path) {
        Set<String> names = new HashSet<>();
        return reader.items(node, path, "a list of receivers", (item, itemPath) -> {
            Optional<MapReader> found = reader.map(item, item, itemPath, receiverKeys());
            if (found.isEmpty()) {
                return Optional.empty();
            }
            MapReader m = found.get();
            Optional<String> name = m.required("name").flatMap(n -> reader.string(n, m.path("name")));
            if (name.isPresent() && !names.add(name.get())) {
                reader.problem(m.get("name").orElseThrow(), m.path("name"), "receiver " + YamlNodes.quote(name.get())
                        + " is defined twice");
            }
            Map<String, List<ReceiverSettings.Config>> configs = new LinkedHashMap<>();
            for (String kind : ReceiverSettings.KINDS) {
                m.get(kind).ifPresent(n -> configs.put(kind, reader.items(n, m.path(kind), "a list of " + kind,
                        (c, cPath) -> {
                            if (!(c instanceof MappingNode)) {
                                reader.wrongType(c, cPath, "a map");
                                return Optional.empty();
                            }
                            return Optional.of(new ReceiverSettings.Config(plainMap((MappingNode) c),
                                    c.getStartMark().getLine() + 1));
                        })));
            }
            for (String kind : ReceiverSettings.UNSUPPORTED_KINDS) {
                m.get(kind).ifPresent(n -> reader.problem(n, m.path(kind), "not supported: " + kind + "; Vigil sends "
                        + String.join(", ", ReceiverSettings.KINDS)));
            }
            return name.map(n -> new ReceiverSettings(n, configs, item.getStartMark().getLine() + 1));
        });
    }

    private static List<String> receiverKeys() {
        List<String> keys = new ArrayList<>(List.of("name"));
        keys.addAll(ReceiverSettings.KINDS);
        keys.addAll(ReceiverSettings.UNSUPPORTED_KINDS);
        return keys;
    }

    /** A config's YAML as plain values: maps, lists and strings (numbers and booleans as written). */
    private static Map<String, Object> plainMap(MappingNode node) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (NodeTuple t : node.getValue()) {
            out.put(YamlNodes.keyName(t.getKeyNode()), plain(t.getValueNode()));
        }
        return out;
    }

    private static Object plain(Node node) {
        if (node instanceof MappingNode m) {
            return plainMap(m);
        }
        if (node instanceof SequenceNode s) {
            List<Object> out = new ArrayList<>();
            s.getValue().forEach(n -> out.add(plain(n)));
            return out;
        }
        return YamlNodes.isNull(node) ? "" : ((ScalarNode) node).getValue();
    }

    private Optional<InhibitRule> inhibitRule(Node node, String path) {
        Optional<MapReader> found = reader.map(node, node, path, INHIBIT_KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader m = found.get();
        List<Matcher> source = new ArrayList<>();
        List<Matcher> target = new ArrayList<>();
        m.get("source_match").ifPresent(n -> source.addAll(legacy(n, m.path("source_match"), false)));
        m.get("source_match_re").ifPresent(n -> source.addAll(legacy(n, m.path("source_match_re"), true)));
        m.get("source_matchers").ifPresent(n -> source.addAll(matchers(n, m.path("source_matchers"))));
        m.get("target_match").ifPresent(n -> target.addAll(legacy(n, m.path("target_match"), false)));
        m.get("target_match_re").ifPresent(n -> target.addAll(legacy(n, m.path("target_match_re"), true)));
        m.get("target_matchers").ifPresent(n -> target.addAll(matchers(n, m.path("target_matchers"))));
        List<String> equal = m.get("equal").map(n -> reader.strings(n, m.path("equal"))).orElse(List.of());
        InhibitRule rule = new InhibitRule(source, target, new LinkedHashSet<>(equal));
        for (String problem : rule.problems(path)) {
            int colon = problem.indexOf(": ");
            reader.problem(node, problem.substring(0, colon), problem.substring(colon + 2));
        }
        return Optional.of(rule);
    }

    private List<TimeInterval.Named> timeIntervals(Node node, String path) {
        return reader.items(node, path, "a list of time intervals", (item, itemPath) -> {
            Optional<MapReader> found = reader.map(item, item, itemPath, List.of("name", "time_intervals"));
            if (found.isEmpty()) {
                return Optional.empty();
            }
            MapReader m = found.get();
            Optional<String> name = m.required("name").flatMap(n -> reader.string(n, m.path("name")));
            List<TimeInterval> entries = m.get("time_intervals").map(n -> reader.items(n, m.path("time_intervals"),
                    "a list of time intervals", this::interval)).orElse(List.of());
            return name.map(n -> new TimeInterval.Named(n, entries));
        });
    }

    private Optional<TimeInterval> interval(Node node, String path) {
        Optional<MapReader> found = reader.map(node, node, path, INTERVAL_KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader m = found.get();
        List<TimeInterval.Range> times = m.get("times").map(n -> reader.items(n, m.path("times"),
                "a list of {start_time, end_time}", (t, tPath) -> {
                    Optional<MapReader> tm = reader.map(t, t, tPath, List.of("start_time", "end_time"));
                    if (tm.isEmpty()) {
                        return Optional.<TimeInterval.Range>empty();
                    }
                    Optional<String> start = tm.get().required("start_time").flatMap(v -> reader.string(v, tPath));
                    Optional<String> end = tm.get().required("end_time").flatMap(v -> reader.string(v, tPath));
                    if (start.isEmpty() || end.isEmpty()) {
                        return Optional.<TimeInterval.Range>empty();
                    }
                    return Optional.of(TimeInterval.times(start.get(), end.get()));
                })).orElse(List.of());
        List<TimeInterval.Range> weekdays = ranges(m, "weekdays", TimeInterval::weekdays);
        List<TimeInterval.Range> days = ranges(m, "days_of_month", TimeInterval::daysOfMonth);
        List<TimeInterval.Range> months = ranges(m, "months", TimeInterval::months);
        List<TimeInterval.Range> years = ranges(m, "years", TimeInterval::years);
        Optional<String> location = m.get("location").flatMap(n -> reader.string(n, m.path("location")));
        try {
            return Optional.of(new TimeInterval(times, weekdays, days, months, years, TimeInterval.location(location)));
        } catch (IllegalArgumentException e) {
            reader.problem(m.get("location").orElse(node), m.path("location"), e.getMessage());
            return Optional.empty();
        }
    }

    /** Each item parsed by {@code parse}; what it rejects is a problem at that item ({@link NodeReader#items}). */
    private List<TimeInterval.Range> ranges(MapReader m, String key, Function<String, TimeInterval.Range> parse) {
        return m.get(key).map(n -> reader.items(n, m.path(key), "a list such as `['monday:friday']`",
                (item, itemPath) -> reader.string(item, itemPath).map(parse))).orElse(List.of());
    }

    /** A list of {receiver, after}: the chain that starts at its first receiver. */
    private Map<String, List<EscalationStep>> escalation(Node node, String path, Set<String> receivers) {
        List<EscalationStep> steps = reader.items(node, path, "a list of {receiver, after}", (item, itemPath) -> {
            Optional<MapReader> found = reader.map(item, item, itemPath, List.of("receiver", "after"));
            if (found.isEmpty()) {
                return Optional.empty();
            }
            MapReader m = found.get();
            Optional<String> receiver = m.required("receiver").flatMap(n -> reader.string(n, m.path("receiver")));
            receiver.filter(r -> !receivers.contains(r)).ifPresent(r -> reader.problem(m.get("receiver").orElseThrow(),
                    m.path("receiver"), "no receiver named " + YamlNodes.quote(r)));
            Optional<Duration> after = m.required("after").flatMap(n -> amDuration(n, m.path("after")));
            return receiver.flatMap(r -> after.map(a -> new EscalationStep(r, a)));
        });
        for (int i = 1; i < steps.size(); i++) {
            if (steps.get(i).after().compareTo(steps.get(i - 1).after()) < 0) {
                reader.problem(node, path + "[" + i + "].after", "steps come in order: "
                        + Durations.format(steps.get(i).after()) + " is before the step above it ("
                        + Durations.format(steps.get(i - 1).after()) + ")");
            }
        }
        return steps.isEmpty() ? Map.of() : Map.of(steps.get(0).receiver(), steps);
    }
}
