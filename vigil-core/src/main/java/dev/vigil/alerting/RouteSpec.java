package dev.vigil.alerting;

import dev.vigil.metrics.Matcher;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One node of the routing tree as written, in Alertmanager's {@code route} format. Unset options are inherited from
 * the parent when the tree is built (by the alerting module's route tree); {@code match} and {@code match_re} of older files arrive
 * here as matchers. {@code groupBy} holds {@code "..."} alone to group by every label.
 */
public record RouteSpec(Optional<String> receiver, Optional<List<String>> groupBy, List<Matcher> matchers,
                        boolean continueMatching, Optional<Duration> groupWait, Optional<Duration> groupInterval,
                        Optional<Duration> repeatInterval, List<String> muteTimeIntervals,
                        List<String> activeTimeIntervals, List<RouteSpec> routes) {

    public static final String GROUP_BY_ALL = "...";

    public RouteSpec {
        groupBy = groupBy.map(List::copyOf);
        matchers = List.copyOf(matchers);
        muteTimeIntervals = List.copyOf(muteTimeIntervals);
        activeTimeIntervals = List.copyOf(activeTimeIntervals);
        routes = List.copyOf(routes);
    }

    /** A root that sends everything to {@code receiver} with the defaults. */
    public static RouteSpec to(String receiver) {
        return new RouteSpec(Optional.of(receiver), Optional.empty(), List.of(), false, Optional.empty(),
                Optional.empty(), Optional.empty(), List.of(), List.of(), List.of());
    }

    /**
     * What is wrong with this tree as a root, each as {@code path: message} with {@code path} from {@code at} (e.g.
     * {@code alerting.route.routes[1].receiver}); empty when nothing is. Alertmanager's own rules: the root has a
     * receiver and neither matchers, {@code continue} nor time intervals; every receiver and time interval named
     * exists; {@code ...} stands alone in {@code group_by}, which names no label twice; intervals are not zero.
     */
    public List<String> problems(String at, Set<String> receivers, Set<String> timeIntervals) {
        List<String> out = new ArrayList<>();
        if (receiver.isEmpty()) {
            out.add(at + ".receiver: the root route must name a receiver");
        }
        if (!matchers.isEmpty()) {
            out.add(at + ".matchers: the root route must not have matchers (it receives every alert)");
        }
        if (continueMatching) {
            out.add(at + ".continue: the root route cannot have continue set");
        }
        if (!muteTimeIntervals.isEmpty() || !activeTimeIntervals.isEmpty()) {
            out.add(at + ": the root route must not have mute_time_intervals or active_time_intervals");
        }
        check(at, receivers, timeIntervals, out);
        return out;
    }

    private void check(String at, Set<String> receivers, Set<String> timeIntervals, List<String> out) {
        receiver.filter(r -> !receivers.contains(r))
                .ifPresent(r -> out.add(at + ".receiver: no receiver named \"" + r + "\"" + known(receivers)));
        groupBy.ifPresent(labels -> {
            Set<String> seen = new HashSet<>();
            for (String label : labels) {
                if (label.equals(GROUP_BY_ALL) && labels.size() > 1) {
                    out.add(at + ".group_by: \"...\" groups by every label and must be the only entry");
                } else if (!label.equals(GROUP_BY_ALL) && !label.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                    out.add(at + ".group_by: \"" + label + "\" is not a label name");
                }
                if (!seen.add(label)) {
                    out.add(at + ".group_by: \"" + label + "\" is listed twice");
                }
            }
        });
        groupInterval.filter(Duration::isZero).ifPresent(d -> out.add(at + ".group_interval: must not be zero"));
        repeatInterval.filter(Duration::isZero).ifPresent(d -> out.add(at + ".repeat_interval: must not be zero"));
        for (String name : muteTimeIntervals) {
            if (!timeIntervals.contains(name)) {
                out.add(at + ".mute_time_intervals: no time interval named \"" + name + "\"" + known(timeIntervals));
            }
        }
        for (String name : activeTimeIntervals) {
            if (!timeIntervals.contains(name)) {
                out.add(at + ".active_time_intervals: no time interval named \"" + name + "\"" + known(timeIntervals));
            }
        }
        for (int i = 0; i < routes.size(); i++) {
            routes.get(i).check(at + ".routes[" + i + "]", receivers, timeIntervals, out);
        }
    }

    private static String known(Set<String> names) {
        return names.isEmpty() ? " (none is defined)" : " (defined: " + String.join(", ", names.stream().sorted().toList()) + ")";
    }
}
