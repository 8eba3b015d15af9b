package dev.vigil.alerting;

import dev.vigil.metrics.Matcher;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Alertmanager's {@code inhibit_rules} entry: while an alert matching {@code source} fires, alerts matching
 * {@code target} that carry the same values of the {@code equal} labels (a label both lack counts as equal) are not
 * notified. An alert matching both sides is not inhibited by another alert that also matches both, so a rule such as
 * "critical inhibits warning of the same alertname" cannot make two alerts silence each other.
 */
public record InhibitRule(List<Matcher> source, List<Matcher> target, Set<String> equal) {

    public InhibitRule {
        source = List.copyOf(source);
        target = List.copyOf(target);
        equal = Set.copyOf(equal);
    }

    /** What is wrong with the rule, each as {@code path: message}. */
    public List<String> problems(String at) {
        List<String> out = new ArrayList<>();
        if (source.isEmpty()) {
            out.add(at + ".source_matchers: an inhibit rule needs source matchers (none would inhibit with every alert)");
        }
        if (target.isEmpty()) {
            out.add(at + ".target_matchers: an inhibit rule needs target matchers (none would inhibit every alert)");
        }
        for (String label : equal) {
            if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
                out.add(at + ".equal: \"" + label + "\" is not a label name");
            }
        }
        return out;
    }

    /**
     * The firing alerts among {@code firing} (their label sets) that inhibit an alert with {@code labels} under this
     * rule; empty when it is not inhibited by it.
     */
    public List<Map<String, String>> inhibitors(Map<String, String> labels, Collection<Map<String, String>> firing) {
        if (!Matchers.matchAll(target, labels)) {
            return List.of();
        }
        boolean twoSided = Matchers.matchAll(source, labels);
        List<Map<String, String>> out = new ArrayList<>();
        for (Map<String, String> other : firing) {
            if (!Matchers.matchAll(source, other)) {
                continue;
            }
            boolean same = true;
            for (String name : equal) {
                if (!Objects.equals(other.get(name), labels.get(name))) {
                    same = false;
                    break;
                }
            }
            if (same && !(twoSided && Matchers.matchAll(target, other))) {
                out.add(other);
            }
        }
        return out;
    }
}
