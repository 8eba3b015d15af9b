package dev.vigil.alerting.rules;

import dev.vigil.alerting.AlertState;

import dev.vigil.alerting.RuleAlert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An alerting rule's state across evaluations, with Prometheus's semantics: each element of the expression's result
 * is an alert, identified by its labels (the element's without {@code __name__}, then the rule's labels, then
 * {@code alertname}). A new alert is pending; it fires once its condition has held for {@code for} (at once with no
 * {@code for}). When its element is gone, a pending alert is dropped; a firing one stays firing while
 * {@code keep_firing_for} has not passed since it went, then turns inactive: resolved, and kept
 * {@link #RESOLVED_RETENTION} so that whoever is told about alerts hears it resolved, then dropped. An alert whose
 * element returns while inactive starts again, pending. More alerts than {@code limit} (when not zero) fail the
 * evaluation and drop them all, as Prometheus does.
 */
public final class AlertingRule {

    public static final Duration RESOLVED_RETENTION = Duration.ofMinutes(15);
    public static final String ALERTNAME = "alertname";

    /** Expands a label or annotation template for one alert; the default leaves the text as it is. */
    public interface Expander {
        String expand(String template, SortedMap<String, String> labels, double value);

        Expander VERBATIM = (template, labels, value) -> template;
    }

    /** The evaluation failed: every alert of the rule was dropped, and why is said. */
    public static final class EvaluationException extends Exception {
        public EvaluationException(String message) {
            super(message);
        }
    }

    private final String name;
    private final Duration holdFor;
    private final Duration keepFiringFor;
    private final Map<String, String> labels;
    private final Map<String, String> annotations;
    private final int limit;
    private final Expander expander;
    private final Map<SortedMap<String, String>, Mutable> active = new LinkedHashMap<>();

    private static final class Mutable {
        SortedMap<String, String> labels;
        Map<String, String> annotations;
        AlertState state = AlertState.PENDING;
        double value;
        Instant activeAt;
        Instant firedAt;
        Instant resolvedAt;
        Instant keepFiringSince;

        RuleAlert snapshot() {
            return new RuleAlert(labels, annotations, state, value, activeAt, Optional.ofNullable(firedAt),
                    Optional.ofNullable(resolvedAt), Optional.ofNullable(keepFiringSince));
        }
    }

    public AlertingRule(String name, Duration holdFor, Duration keepFiringFor, Map<String, String> labels,
                        Map<String, String> annotations, int limit, Expander expander) {
        this.name = name;
        this.holdFor = holdFor;
        this.keepFiringFor = keepFiringFor;
        this.labels = new LinkedHashMap<>(labels);
        this.annotations = new LinkedHashMap<>(annotations);
        this.limit = limit;
        this.expander = expander;
    }

    public String name() {
        return name;
    }

    /**
     * Takes the expression's result at {@code at} and returns the rule's alerts after it: pending, firing, and the
     * inactive ones still kept, sorted by labels.
     */
    public List<RuleAlert> evaluate(List<RuleSample> result, Instant at) throws EvaluationException {
        Map<SortedMap<String, String>, Mutable> seen = new HashMap<>();
        for (RuleSample sample : result) {
            SortedMap<String, String> own = new TreeMap<>(sample.labels());
            own.remove("__name__");
            SortedMap<String, String> alertLabels = new TreeMap<>(own);
            labels.forEach((k, v) -> alertLabels.put(k, expander.expand(v, own, sample.value())));
            alertLabels.put(ALERTNAME, name);
            alertLabels.values().removeIf(String::isEmpty); // as Prometheus: an empty label is no label
            Map<String, String> expanded = new LinkedHashMap<>();
            annotations.forEach((k, v) -> expanded.put(k, expander.expand(v, own, sample.value())));
            Mutable a = new Mutable();
            a.labels = alertLabels;
            a.annotations = expanded;
            a.value = sample.value();
            a.activeAt = at;
            if (seen.put(alertLabels, a) != null) {
                active.clear();
                throw new EvaluationException("vector contains metrics with the same labelset after applying alert labels: "
                        + alertLabels);
            }
        }
        for (Map.Entry<SortedMap<String, String>, Mutable> e : seen.entrySet()) {
            Mutable existing = active.get(e.getKey());
            if (existing != null && existing.state != AlertState.INACTIVE) {
                existing.value = e.getValue().value;
                existing.annotations = e.getValue().annotations;
                continue;
            }
            active.put(e.getKey(), e.getValue());
        }
        int pendingOrFiring = 0;
        for (var it = active.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<SortedMap<String, String>, Mutable> e = it.next();
            Mutable a = e.getValue();
            if (!seen.containsKey(e.getKey())) {
                boolean keepFiring = false;
                if (a.state == AlertState.FIRING && keepFiringFor.isPositive()) {
                    if (a.keepFiringSince == null) {
                        a.keepFiringSince = at;
                    }
                    keepFiring = Duration.between(a.keepFiringSince, at).compareTo(keepFiringFor) < 0;
                }
                if (a.state == AlertState.PENDING
                        || (a.resolvedAt != null && Duration.between(a.resolvedAt, at).compareTo(RESOLVED_RETENTION) > 0)) {
                    it.remove();
                }
                if (a.state != AlertState.INACTIVE && !keepFiring) {
                    a.state = AlertState.INACTIVE;
                    a.resolvedAt = at;
                }
                if (!keepFiring) {
                    continue;
                }
            } else {
                a.keepFiringSince = null;
            }
            pendingOrFiring++;
            if (a.state == AlertState.PENDING && Duration.between(a.activeAt, at).compareTo(holdFor) >= 0) {
                a.state = AlertState.FIRING;
                a.firedAt = at;
            }
        }
        if (limit > 0 && pendingOrFiring > limit) {
            active.clear();
            throw new EvaluationException("exceeded limit of " + limit + " with " + pendingOrFiring + " alerts");
        }
        return alerts();
    }

    /** The alerts as of the last evaluation, sorted by labels. */
    public List<RuleAlert> alerts() {
        List<RuleAlert> out = new ArrayList<>();
        for (Mutable a : active.values()) {
            out.add(a.snapshot());
        }
        out.sort(Comparator.comparing(a -> a.labels().toString()));
        return out;
    }

    /**
     * Puts back alerts saved before Vigil stopped, so a restart neither restarts {@code for} nor forgets what was
     * firing: a pending alert keeps its {@code activeAt}, a firing one stays firing.
     */
    public void restore(List<RuleAlert> saved) {
        for (RuleAlert s : saved) {
            Mutable a = new Mutable();
            a.labels = new TreeMap<>(s.labels());
            a.annotations = new LinkedHashMap<>(s.annotations());
            a.state = s.state();
            a.value = s.value();
            a.activeAt = s.activeAt();
            a.firedAt = s.firedAt().orElse(null);
            a.resolvedAt = s.resolvedAt().orElse(null);
            a.keepFiringSince = s.keepFiringSince().orElse(null);
            active.put(a.labels, a);
        }
    }
}
