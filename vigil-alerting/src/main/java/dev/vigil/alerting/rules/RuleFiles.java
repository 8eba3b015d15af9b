package dev.vigil.alerting.rules;

import dev.vigil.alerting.PromDuration;

import dev.vigil.alerting.template.AlertTemplates;
import dev.vigil.alerting.template.TemplateException;
import dev.vigil.stack.YamlNodes;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads rule files in Prometheus's format ({@code groups: [{name, interval, limit, rules: [...]}]}, each rule
 * {@code alert} or {@code record} with {@code expr}, {@code for}, {@code keep_firing_for}, {@code labels},
 * {@code annotations}) and reports every problem of a file, each as {@code file:line:column: message}, as
 * {@code promtool check rules} does: unknown keys, missing or conflicting fields, bad durations, names and label
 * names, expressions that do not parse, templates that do not parse, groups named twice, rules named twice in a
 * group. A file with any problem gives no groups: the caller keeps what it had loaded from it before.
 */
public final class RuleFiles {

    /** Checks an expression; empty when it is valid, else why not. */
    @FunctionalInterface
    public interface ExprCheck {
        Optional<String> problem(String expr);
    }

    /** What one file gave: its groups when it has no problems. */
    public record Loaded(Path file, List<RuleGroup> groups, List<String> problems) {
        public Loaded {
            groups = List.copyOf(groups);
            problems = List.copyOf(problems);
        }

        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final List<String> GROUP_KEYS = List.of("name", "interval", "limit", "rules");
    private static final List<String> RULE_KEYS = List.of("alert", "record", "expr", "for", "keep_firing_for", "labels",
            "annotations");

    private final ExprCheck exprs;
    private final AlertTemplates templates;

    public RuleFiles(ExprCheck exprs, AlertTemplates templates) {
        this.exprs = exprs;
        this.templates = templates;
    }

    public Loaded load(Path file) {
        String text;
        try {
            byte[] bytes = Files.readAllBytes(file);
            text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (NoSuchFileException e) {
            return new Loaded(file, List.of(), List.of(file + ": no such file"));
        } catch (CharacterCodingException e) {
            return new Loaded(file, List.of(), List.of(file + ": not UTF-8 text"));
        } catch (IOException e) {
            return new Loaded(file, List.of(), List.of(file + ": cannot read: " + e.getMessage()));
        }
        return parse(file, text);
    }

    /** Reads {@code text} as the rule file {@code file}. */
    public Loaded parse(Path file, String text) {
        List<String> problems = new ArrayList<>();
        Reader r = new Reader(file, problems);
        Optional<Node> root = YamlNodes.compose(text, (line, column, message) ->
                problems.add(file + ":" + line + ":" + column + ": " + message));
        if (root.isEmpty() || YamlNodes.isNull(root.get())) {
            return new Loaded(file, List.of(), problems);
        }
        List<RuleGroup> groups = new ArrayList<>();
        Map<String, Node> groupNames = new HashMap<>();
        Optional<Map<String, Node>> top = r.map(root.get(), "", List.of("groups"));
        Optional<Node> groupsNode = top.map(m -> m.get("groups"));
        if (top.isPresent() && groupsNode.isEmpty()) {
            r.problem(root.get(), "a rule file holds `groups:`");
        }
        groupsNode.flatMap(n -> r.list(n, "groups")).ifPresent(items -> {
            for (int i = 0; i < items.size(); i++) {
                group(r, items.get(i), "groups[" + i + "]", groupNames).ifPresent(groups::add);
            }
        });
        return new Loaded(file, problems.isEmpty() ? groups : List.of(), problems);
    }

    private Optional<RuleGroup> group(Reader r, Node node, String path, Map<String, Node> names) {
        Optional<Map<String, Node>> map = r.map(node, path, GROUP_KEYS);
        if (map.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Node> g = map.get();
        Optional<String> name = r.requiredText(g, node, path, "name");
        name.ifPresent(n -> {
            if (n.isBlank()) {
                r.problem(g.get("name"), path + ".name: a group needs a name");
            } else if (names.putIfAbsent(n, g.get("name")) != null) {
                r.problem(g.get("name"), "group name \"" + n + "\" is repeated in the same file (first at line "
                        + (names.get(n).getStartMark().getLine() + 1) + ")");
            }
        });
        Optional<Duration> interval = r.duration(g, path, "interval");
        interval.filter(Duration::isZero).ifPresent(d -> r.problem(g.get("interval"), path + ".interval: must not be zero"));
        int limit = r.integer(g, path, "limit").orElse(0);
        List<RuleDefinition> rules = new ArrayList<>();
        Optional<List<Node>> items = Optional.ofNullable(g.get("rules")).flatMap(n -> r.list(n, path + ".rules"));
        Map<String, Node> ruleNames = new HashMap<>();
        items.ifPresent(list -> {
            for (int i = 0; i < list.size(); i++) {
                rule(r, list.get(i), "group \"" + name.orElse("?") + "\", rule " + (i + 1), ruleNames).ifPresent(rules::add);
            }
        });
        return name.map(n -> new RuleGroup(r.file, n, interval, limit, rules));
    }

    private Optional<RuleDefinition> rule(Reader r, Node node, String where, Map<String, Node> names) {
        Optional<Map<String, Node>> map = r.map(node, where, RULE_KEYS);
        if (map.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Node> m = map.get();
        Optional<String> alert = r.text(m, where, "alert");
        Optional<String> record = r.text(m, where, "record");
        String named = where + alert.or(() -> record).map(n -> ", \"" + n + "\"").orElse("");
        if (alert.isEmpty() && record.isEmpty()) {
            r.problem(node, named + ": one of 'record' or 'alert' must be set");
        } else if (alert.isPresent() && record.isPresent()) {
            r.problem(node, named + ": only one of 'record' and 'alert' must be set");
        }
        Optional<String> expr = r.requiredText(m, node, named, "expr");
        expr.ifPresent(e -> {
            if (e.isBlank()) {
                r.problem(m.get("expr"), named + ": field 'expr' must be set in rule");
            } else {
                exprs.problem(e).ifPresent(p -> r.problem(m.get("expr"), named + ": could not parse expression: " + p));
            }
        });
        Map<String, String> labels = r.stringMap(m, named, "labels");
        for (Map.Entry<String, String> l : labels.entrySet()) {
            if (!LABEL_NAME.matcher(l.getKey()).matches() || l.getKey().startsWith("__")) {
                r.problem(m.get("labels"), named + ": invalid label name: " + l.getKey());
            }
            checkTemplate(r, r.valueNode(m, "labels", l.getKey()), named, "__alert_" + alert.or(() -> record).orElse(""),
                    l.getValue());
        }
        Map<String, String> annotations = r.stringMap(m, named, "annotations");
        for (Map.Entry<String, String> a : annotations.entrySet()) {
            if (!LABEL_NAME.matcher(a.getKey()).matches()) {
                r.problem(m.get("annotations"), named + ": invalid annotation name: " + a.getKey());
            }
            checkTemplate(r, r.valueNode(m, "annotations", a.getKey()), named, "__alert_" + alert.orElse(""), a.getValue());
        }
        Optional<Duration> holdFor = r.duration(m, named, "for");
        Optional<Duration> keep = r.duration(m, named, "keep_firing_for");
        if (record.isPresent()) {
            if (!METRIC_NAME.matcher(record.get()).matches()) {
                r.problem(m.get("record"), named + ": invalid recording rule name: " + record.get());
            }
            if (m.containsKey("annotations")) {
                r.problem(m.get("annotations"), named + ": invalid field 'annotations' in recording rule");
            }
            if (m.containsKey("for")) {
                r.problem(m.get("for"), named + ": invalid field 'for' in recording rule");
            }
            if (m.containsKey("keep_firing_for")) {
                r.problem(m.get("keep_firing_for"), named + ": invalid field 'keep_firing_for' in recording rule");
            }
        }
        String name = alert.or(() -> record).orElse("");
        if (!name.isEmpty() && alert.isPresent() != record.isPresent()) {
            String kind = alert.isPresent() ? "alert" : "record";
            Node first = names.putIfAbsent(kind + ":" + name, m.get(kind));
            if (first != null) {
                r.problem(m.get(kind), named + ": rule \"" + name + "\" is defined twice in this group (first at line "
                        + (first.getStartMark().getLine() + 1) + ")");
            }
        }
        int line = node.getStartMark().getLine() + 1;
        if (alert.isPresent() && record.isEmpty() && expr.isPresent()) {
            return Optional.of(new RuleDefinition.Alerting(alert.get(), expr.get(), holdFor.orElse(Duration.ZERO),
                    keep.orElse(Duration.ZERO), labels, annotations, line));
        }
        if (record.isPresent() && alert.isEmpty() && expr.isPresent()) {
            return Optional.of(new RuleDefinition.Recording(record.get(), expr.get(), labels, line));
        }
        return Optional.empty();
    }

    private void checkTemplate(Reader r, Node at, String where, String name, String text) {
        if (text.contains("{{")) {
            try {
                templates.check(name, text);
            } catch (TemplateException e) {
                r.problem(at, where + ": " + e.getMessage());
            }
        }
    }

    /** Walks nodes, saying what is wrong where. */
    private static final class Reader {
        final Path file;
        final List<String> problems;

        Reader(Path file, List<String> problems) {
            this.file = file;
            this.problems = problems;
        }

        void problem(Node at, String message) {
            problems.add(file + ":" + (at.getStartMark().getLine() + 1) + ":" + (at.getStartMark().getColumn() + 1)
                    + ": " + message);
        }

        Optional<Map<String, Node>> map(Node node, String path, List<String> keys) {
            if (!(node instanceof MappingNode mapping)) {
                problem(node, (path.isEmpty() ? "" : path + ": ") + "expected a map, found " + YamlNodes.describe(node));
                return Optional.empty();
            }
            Map<String, Node> out = new LinkedHashMap<>();
            Set<String> seen = new HashSet<>();
            for (NodeTuple t : mapping.getValue()) {
                String key = YamlNodes.keyName(t.getKeyNode());
                if (!seen.add(key)) {
                    problem(t.getKeyNode(), (path.isEmpty() ? "" : path + ": ") + "key \"" + key + "\" is given twice");
                    continue;
                }
                if (!keys.contains(key)) {
                    problem(t.getKeyNode(), (path.isEmpty() ? "" : path + ": ") + "field " + key + " not found (expected "
                            + String.join(", ", keys) + ")");
                    continue;
                }
                out.put(key, t.getValueNode());
            }
            return Optional.of(out);
        }

        Optional<List<Node>> list(Node node, String path) {
            if (YamlNodes.isNull(node)) {
                return Optional.of(List.of());
            }
            if (!(node instanceof SequenceNode seq)) {
                problem(node, path + ": expected a list, found " + YamlNodes.describe(node));
                return Optional.empty();
            }
            return Optional.of(seq.getValue());
        }

        Optional<String> text(Map<String, Node> m, String path, String key) {
            Node n = m.get(key);
            if (n == null) {
                return Optional.empty();
            }
            if (!(n instanceof ScalarNode s) || YamlNodes.isNull(n)) {
                problem(n, path + ": " + key + " must be text, found " + YamlNodes.describe(n));
                return Optional.empty();
            }
            return Optional.of(s.getValue());
        }

        Optional<String> requiredText(Map<String, Node> m, Node owner, String path, String key) {
            if (!m.containsKey(key)) {
                problem(owner, path + ": field '" + key + "' must be set");
                return Optional.empty();
            }
            return text(m, path, key);
        }

        Optional<Duration> duration(Map<String, Node> m, String path, String key) {
            return text(m, path, key).flatMap(t -> {
                Optional<Duration> d = PromDuration.parse(t);
                if (d.isEmpty()) {
                    problem(m.get(key), path + ": " + key + ": not a valid duration string: \"" + t
                            + "\" (e.g. 30s, 5m, 1h30m)");
                }
                return d;
            });
        }

        Optional<Integer> integer(Map<String, Node> m, String path, String key) {
            return text(m, path, key).flatMap(t -> {
                try {
                    int v = Integer.parseInt(t);
                    if (v < 0) {
                        throw new NumberFormatException();
                    }
                    return Optional.of(v);
                } catch (NumberFormatException e) {
                    problem(m.get(key), path + ": " + key + " must be a whole number >= 0, found \"" + t + "\"");
                    return Optional.empty();
                }
            });
        }

        /** The node of {@code key}'s entry {@code name}, for pointing at it; the map's node when not found. */
        Node valueNode(Map<String, Node> m, String key, String name) {
            if (m.get(key) instanceof MappingNode mapping) {
                for (NodeTuple t : mapping.getValue()) {
                    if (YamlNodes.keyName(t.getKeyNode()).equals(name)) {
                        return t.getValueNode();
                    }
                }
            }
            return m.get(key);
        }

        Map<String, String> stringMap(Map<String, Node> m, String path, String key) {
            Node n = m.get(key);
            Map<String, String> out = new LinkedHashMap<>();
            if (n == null || YamlNodes.isNull(n)) {
                return out;
            }
            if (!(n instanceof MappingNode mapping)) {
                problem(n, path + ": " + key + " must be a map, found " + YamlNodes.describe(n));
                return out;
            }
            for (NodeTuple t : mapping.getValue()) {
                String k = YamlNodes.keyName(t.getKeyNode());
                if (!(t.getValueNode() instanceof ScalarNode s) || YamlNodes.isNull(t.getValueNode())) {
                    problem(t.getValueNode(), path + ": " + key + "." + k + " must be text, found "
                            + YamlNodes.describe(t.getValueNode()));
                    continue;
                }
                if (out.put(k, s.getValue()) != null) {
                    problem(t.getKeyNode(), path + ": " + key + "." + k + " is given twice");
                }
            }
            return out;
        }
    }
}
