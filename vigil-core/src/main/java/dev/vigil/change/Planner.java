package dev.vigil.change;

import dev.vigil.change.ServiceChange.Added;
import dev.vigil.change.ServiceChange.Changed;
import dev.vigil.change.ServiceChange.Removed;
import dev.vigil.change.ServiceChange.Unchanged;
import dev.vigil.stack.MetricsSettings;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Stack;
import dev.vigil.supervise.StartOrder;

import dev.vigil.alerting.AlertingSettings;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.List;
import java.util.Optional;

/** Compares the running stack with an edited stack file: what {@code vigil apply} would start, stop, replace or change live. */
public final class Planner {

    private Planner() {
    }

    /**
     * Services are matched by name: a renamed service is one removed and one added. The plan lists the new file's
     * services in its declaration order, then the removed ones in the order they stop (the reverse of the running
     * stack's start order).
     */
    public static Plan plan(Stack current, Stack next) {
        Optional<KeyChange> name = current.name().equals(next.name()) ? Optional.empty()
                : Optional.of(new KeyChange("name", Shown.string(current.name()), Shown.string(next.name()), Effect.LIVE));
        List<ServiceChange> changes = new ArrayList<>();
        for (ServiceSpec after : next.services()) {
            changes.add(current.service(after.name())
                    .map(before -> compare(before, after, next, name))
                    .orElseGet(() -> new Added(after)));
        }
        List<ServiceSpec> stopOrder = new ArrayList<>(StartOrder.of(current.services()));
        for (ServiceSpec before : stopOrder.reversed()) {
            if (next.service(before.name()).isEmpty()) {
                changes.add(new Removed(before));
            }
        }
        return new Plan(name, changes, WindowDiff.between(current, next), WindowDiff.profiles(current, next),
                settings(current, next));
    }

    /** The stack's own keys that change: {@code metrics} and {@code alerting}, all live. */
    private static List<KeyChange> settings(Stack current, Stack next) {
        List<KeyChange> changes = settings(current.metrics(), next.metrics());
        changes.addAll(alerting(current.alerting(), next.alerting(), next.directory()));
        setting(changes, "status_page", current.statusPage(), next.statusPage(), p -> !p.enabled() ? KeyChange.ABSENT
                : (p.open() ? "open" : "behind a login") + ", " + Shown.string(p.title())
                + (p.services().isEmpty() ? "" : ", " + Shown.names(p.services())));
        return changes;
    }

    /**
     * The {@code alerting} keys that change. Sections whose values are long or may hold secrets (route, receivers)
     * are said to have changed, not shown; a rule file counts as changed when its text did.
     */
    private static List<KeyChange> alerting(AlertingSettings was, AlertingSettings is, java.nio.file.Path directory) {
        List<KeyChange> changes = new ArrayList<>();
        setting(changes, "alerting.rule_files", was.ruleFiles(), is.ruleFiles(), Shown::strings);
        Map<String, String> before = texts(was, directory);
        Map<String, String> after = texts(is, directory);
        for (String file : new TreeSet<>(union(before.keySet(), after.keySet()))) {
            if (!Objects.equals(before.get(file), after.get(file))) {
                changes.add(new KeyChange("alerting.rules[" + file + "]", before.containsKey(file) ? "(loaded)"
                        : KeyChange.ABSENT, after.containsKey(file) ? "(edited)" : KeyChange.ABSENT, Effect.LIVE));
            }
        }
        setting(changes, "alerting.evaluation_interval", was.evaluationInterval(), is.evaluationInterval(),
                Shown::duration);
        changed(changes, "alerting.route", was.route(), is.route());
        // Where a receiver stands in the file is no change to it.
        changed(changes, "alerting.receivers", written(was), written(is));
        changed(changes, "alerting.inhibit_rules", was.inhibitRules(), is.inhibitRules());
        changed(changes, "alerting.time_intervals", was.timeIntervals(), is.timeIntervals());
        changed(changes, "alerting.escalation", was.escalations(), is.escalations());
        setting(changes, "alerting.hold_dependents", was.holdDependents(), is.holdDependents(), String::valueOf);
        setting(changes, "alerting.builtin_rules", builtins(was), builtins(is), s -> s);
        changed(changes, "alerting.responses", was.responses(), is.responses());
        return changes;
    }

    private static List<Object> written(AlertingSettings settings) {
        List<Object> out = new ArrayList<>();
        settings.receivers().forEach(r -> {
            out.add(r.name());
            r.configs().forEach((kind, configs) -> configs.forEach(c -> out.add(Map.of(kind, c.values()))));
        });
        return out;
    }

    /** Each rule file's text by its path as the stack file's directory sees it. */
    private static Map<String, String> texts(AlertingSettings settings, java.nio.file.Path directory) {
        Map<String, String> out = new HashMap<>();
        settings.rules().forEach(r -> out.put((r.path().startsWith(directory) ? directory.relativize(r.path())
                : r.path()).toString(), r.text()));
        return out;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> out = new HashSet<>(a);
        out.addAll(b);
        return out;
    }

    private static String builtins(AlertingSettings s) {
        return !s.builtinRules() ? "off" : s.disabledBuiltins().isEmpty() ? "on"
                : "on except " + Shown.names(new TreeSet<>(s.disabledBuiltins()));
    }

    private static void changed(List<KeyChange> changes, String key, Object was, Object is) {
        if (!was.equals(is)) {
            changes.add(new KeyChange(key, empty(was) ? KeyChange.ABSENT : "(set)", empty(is) ? KeyChange.ABSENT
                    : "(changed)", Effect.LIVE));
        }
    }

    private static boolean empty(Object value) {
        return value instanceof Optional<?> o ? o.isEmpty() : value instanceof java.util.Collection<?> c ? c.isEmpty()
                : value instanceof Map<?, ?> m && m.isEmpty();
    }

    /** The top-level {@code metrics} keys that change. */
    private static List<KeyChange> settings(MetricsSettings was, MetricsSettings is) {
        List<KeyChange> changes = new ArrayList<>();
        setting(changes, "metrics.interval", was.interval(), is.interval(), Shown::duration);
        setting(changes, "metrics.retention.raw", was.raw(), is.raw(), Shown::duration);
        setting(changes, "metrics.retention.minute", was.minute(), is.minute(), Shown::duration);
        setting(changes, "metrics.retention.hour", was.hour(), is.hour(), Shown::duration);
        setting(changes, "metrics.max_disk", was.maxDiskBytes(), is.maxDiskBytes(), Shown::size);
        return changes;
    }

    private static <T> void setting(List<KeyChange> changes, String key, T was, T is, java.util.function.Function<T, String> show) {
        if (!was.equals(is)) {
            changes.add(new KeyChange(key, show.apply(was), show.apply(is), Effect.LIVE));
        }
    }

    private static ServiceChange compare(ServiceSpec before, ServiceSpec after, Stack next, Optional<KeyChange> name) {
        List<KeyChange> keys = ServiceDiff.between(before, after, next.directory(), name);
        return keys.isEmpty() ? new Unchanged(after) : new Changed(before, after, keys);
    }
}
