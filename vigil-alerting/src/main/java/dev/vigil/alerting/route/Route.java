package dev.vigil.alerting.route;

import dev.vigil.alerting.template.GoFormat;
import dev.vigil.alerting.RouteSpec;
import dev.vigil.alerting.Matchers;

import dev.vigil.metrics.Matcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A node of the routing tree with its options resolved: what it does not set, it inherits from its parent (the
 * root from Alertmanager's defaults: group_wait 30s, group_interval 5m), except the time intervals, which apply
 * to the node that names them only, as in Alertmanager. An alert is routed depth first, left to right: a node
 * matches when its matchers do; its first matching child takes the alert (and the next ones too while the
 * matching child has {@code continue}); a matching node none of whose children match takes it itself.
 *
 * <p>Unlike Alertmanager, a tree that sets no {@code repeat_interval} repeats by severity (critical every 5 minutes,
 * warning every 30, anything else every 4 hours): see {@link #repeatInterval(Collection)}.
 */
public final class Route {

    public static final Duration DEFAULT_GROUP_WAIT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_GROUP_INTERVAL = Duration.ofMinutes(5);
    public static final Duration REPEAT_CRITICAL = Duration.ofMinutes(5);
    public static final Duration REPEAT_WARNING = Duration.ofMinutes(30);
    public static final Duration REPEAT_OTHER = Duration.ofHours(4);

    private static final Comparator<Matcher> MATCHER_ORDER = Comparator.comparing(Matcher::name)
            .thenComparing(Matcher::value).thenComparing(Matcher::op);

    private final Route parent;
    private final int position;
    private final String receiver;
    private final SortedSet<String> groupBy;
    private final boolean groupByAll;
    private final Duration groupWait;
    private final Duration groupInterval;
    private final Optional<Duration> repeatInterval;
    private final List<String> muteTimeIntervals;
    private final List<String> activeTimeIntervals;
    private final List<Matcher> matchers;
    private final boolean continueMatching;
    private final List<Route> routes;

    private Route(RouteSpec spec, Route parent, int position) {
        this.parent = parent;
        this.position = position;
        this.receiver = spec.receiver().orElse(parent == null ? "" : parent.receiver);
        if (spec.groupBy().isPresent()) {
            this.groupByAll = spec.groupBy().get().contains(RouteSpec.GROUP_BY_ALL);
            this.groupBy = groupByAll ? new TreeSet<>() : new TreeSet<>(spec.groupBy().get());
        } else {
            this.groupByAll = parent != null && parent.groupByAll;
            this.groupBy = parent == null ? new TreeSet<>() : parent.groupBy;
        }
        this.groupWait = spec.groupWait().orElse(parent == null ? DEFAULT_GROUP_WAIT : parent.groupWait);
        this.groupInterval = spec.groupInterval().orElse(parent == null ? DEFAULT_GROUP_INTERVAL : parent.groupInterval);
        this.repeatInterval = spec.repeatInterval().or(() -> parent == null ? Optional.empty() : parent.repeatInterval);
        this.muteTimeIntervals = spec.muteTimeIntervals();
        this.activeTimeIntervals = spec.activeTimeIntervals();
        List<Matcher> sorted = new ArrayList<>(spec.matchers());
        sorted.sort(MATCHER_ORDER);
        this.matchers = List.copyOf(sorted);
        this.continueMatching = spec.continueMatching();
        List<Route> children = new ArrayList<>();
        for (int i = 0; i < spec.routes().size(); i++) {
            children.add(new Route(spec.routes().get(i), this, i));
        }
        this.routes = List.copyOf(children);
    }

    /** The tree of a root spec (checked with {@link RouteSpec#problems} first). */
    public static Route tree(RouteSpec root) {
        return new Route(root, null, -1);
    }

    /** The nodes that take an alert with {@code labels}; empty only when this node's own matchers fail. */
    public List<Route> match(Map<String, String> labels) {
        if (!Matchers.matchAll(matchers, labels)) {
            return List.of();
        }
        List<Route> all = new ArrayList<>();
        for (Route child : routes) {
            List<Route> matches = child.match(labels);
            all.addAll(matches);
            if (!matches.isEmpty() && !child.continueMatching) {
                break;
            }
        }
        if (all.isEmpty()) {
            all.add(this);
        }
        return all;
    }

    /** The labels an alert is grouped by on this node: those of {@code group_by} it has, or all with {@code ...}. */
    public SortedMap<String, String> groupLabels(Map<String, String> labels) {
        SortedMap<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            if (groupByAll || groupBy.contains(e.getKey())) {
                out.put(e.getKey(), e.getValue());
            }
        }
        return out;
    }

    /**
     * Alertmanager's key of the group an alert joins on this node, {@code {}/{severity="critical"}:{service="api"}}:
     * the node's key, then its group labels. Receivers such as PagerDuty derive their deduplication key from it,
     * so it is the same string Alertmanager would send.
     */
    public String groupKey(Map<String, String> labels) {
        return key() + ":" + labelSet(groupLabels(labels));
    }

    /** The matchers of every node from the root to this one: {@code {}/{severity="critical"}}. */
    public String key() {
        String own = matchers.stream().map(Matcher::toString).collect(Collectors.joining(",", "{", "}"));
        return parent == null ? own : parent.key() + "/" + own;
    }

    /** {@link #key()} with the node's position among its siblings: unique in the tree. */
    public String id() {
        return parent == null ? key() : key() + "/" + position;
    }

    /**
     * How long after a notification the same group is notified again while nothing changed: the tree's
     * {@code repeat_interval} where one is set on this node or above it; else by the most severe {@code severity}
     * among the alerts: critical 5m, warning 30m, anything else (info, none) 4h.
     */
    public Duration repeatInterval(Collection<? extends Map<String, String>> alertLabels) {
        if (repeatInterval.isPresent()) {
            return repeatInterval.get();
        }
        Duration shortest = REPEAT_OTHER;
        for (Map<String, String> labels : alertLabels) {
            Duration d = switch (labels.getOrDefault("severity", "").toLowerCase(java.util.Locale.ROOT)) {
                case "critical" -> REPEAT_CRITICAL;
                case "warning" -> REPEAT_WARNING;
                default -> REPEAT_OTHER;
            };
            if (d.compareTo(shortest) < 0) {
                shortest = d;
            }
        }
        return shortest;
    }

    public String receiver() {
        return receiver;
    }

    public Duration groupWait() {
        return groupWait;
    }

    public Duration groupInterval() {
        return groupInterval;
    }

    public boolean groupByAll() {
        return groupByAll;
    }

    public SortedSet<String> groupBy() {
        return java.util.Collections.unmodifiableSortedSet(groupBy);
    }

    public List<String> muteTimeIntervals() {
        return muteTimeIntervals;
    }

    public List<String> activeTimeIntervals() {
        return activeTimeIntervals;
    }

    public List<Route> routes() {
        return routes;
    }

    /** Go's rendering of a label set, which Alertmanager's keys use: {@code {a="1", b="2"}}. */
    static String labelSet(SortedMap<String, String> labels) {
        return labels.entrySet().stream().map(e -> e.getKey() + "=" + GoFormat.quote(e.getValue()))
                .collect(Collectors.joining(", ", "{", "}"));
    }

    @Override
    public String toString() {
        return "Route[" + id() + " -> " + receiver + "]";
    }
}
