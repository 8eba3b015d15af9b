package dev.vigil.alerting.rules;

import dev.vigil.alerting.AlertState;
import dev.vigil.alerting.AlertStore;
import dev.vigil.alerting.RuleAlert;
import dev.vigil.alerting.route.Alert;
import dev.vigil.alerting.template.AlertTemplates;
import dev.vigil.alerting.template.TemplateException;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Reading;
import dev.vigil.promql.Engine;
import dev.vigil.promql.Expr;
import dev.vigil.promql.Promql;
import dev.vigil.promql.PromqlException;
import dev.vigil.promql.Value;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Runs one rule group at a time: its rules in order, each over the metric store as of that time, so that a
 * recording rule's series are there for the rules after it. Recording rules write their result as new series;
 * alerting rules keep their alerts' state ({@link AlertingRule}), write {@code ALERTS} and
 * {@code ALERTS_FOR_STATE} as Prometheus does, save the state when it changes, and hand the firing and recently
 * resolved alerts on. A rule that fails is reported and the next rule still runs.
 */
public final class RuleEvaluator {

    /** Prometheus resends a firing alert at least this often, and lets it lapse after four of these. */
    public static final Duration RESEND_DELAY = Duration.ofMinutes(1);

    /** Where recorded series and ALERTS go: the store, through the one appending writer in the daemon. */
    @FunctionalInterface
    public interface SeriesSink {
        void write(long atMs, List<Reading> readings);
    }

    /** Where the alerts of an evaluation go: routing. */
    @FunctionalInterface
    public interface AlertSink {
        void send(List<Alert> alerts);
    }

    /** A rule that failed, or a template that did: said once per change of message. */
    @FunctionalInterface
    public interface Problems {
        void rule(RuleGroup group, String rule, String message);
    }

    private record Compiled(RuleDefinition definition, Expr expr, Optional<AlertingRule> alerting, String key) {
    }

    private final RuleGroup group;
    private final Duration interval;
    private final Engine engine;
    private final SeriesSink series;
    private final AlertSink alerts;
    private final AlertStore store;
    private final Problems problems;
    private final List<Compiled> rules = new ArrayList<>();
    private final Map<String, List<RuleAlert>> saved = new LinkedHashMap<>();
    private final Map<String, String> lastProblem = new LinkedHashMap<>();
    private volatile long evaluatingAtMs;

    public RuleEvaluator(RuleGroup group, Duration defaultInterval, Engine engine, SeriesSink series, AlertSink alerts,
                         AlertStore store, Map<String, String> externalLabels, String externalUrl, Problems problems) {
        this.group = group;
        this.interval = group.interval().orElse(defaultInterval);
        this.engine = engine;
        this.series = series;
        this.alerts = alerts;
        this.store = store;
        this.problems = problems;
        AlertTemplates templates = new AlertTemplates(this::query, externalLabels, externalUrl);
        Map<String, List<RuleAlert>> restored = store.ruleAlerts();
        for (RuleDefinition d : group.rules()) {
            String key = group.file() + "/" + group.name() + "/" + name(d);
            Optional<AlertingRule> alerting = Optional.empty();
            if (d instanceof RuleDefinition.Alerting a) {
                AlertingRule rule = new AlertingRule(a.alert(), a.holdFor(), a.keepFiringFor(), a.labels(),
                        a.annotations(), group.limit(), templates.expander(a.alert(), m -> problem(key, a.alert(), m)));
                List<RuleAlert> before = restored.getOrDefault(key, List.of());
                rule.restore(before);
                saved.put(key, before);
                alerting = Optional.of(rule);
            }
            rules.add(new Compiled(d, Promql.parse(d.expr()), alerting, key));
        }
    }

    public RuleGroup group() {
        return group;
    }

    public Duration interval() {
        return interval;
    }

    /** The alerts of the group's alerting rules as of their last evaluation, pending ones included. */
    public synchronized List<RuleAlert> alerts() {
        List<RuleAlert> out = new ArrayList<>();
        for (Compiled rule : rules) {
            rule.alerting().ifPresent(a -> out.addAll(a.alerts()));
        }
        return out;
    }

    /** One evaluation of every rule of the group at {@code at}. */
    public synchronized void evaluate(Instant at) {
        long t = at.toEpochMilli();
        evaluatingAtMs = t;
        List<Alert> out = new ArrayList<>();
        for (Compiled rule : rules) {
            try {
                List<Value.Element> result = vector(engine.instant(rule.expr(), t));
                if (rule.definition() instanceof RuleDefinition.Recording r) {
                    series.write(t, recorded(r, result));
                } else {
                    AlertingRule a = rule.alerting().orElseThrow();
                    List<RuleAlert> now = a.evaluate(samples(result), at);
                    series.write(t, alertSeries(now));
                    save(rule.key(), now);
                    for (RuleAlert alert : now) {
                        toAlert(alert, at).ifPresent(out::add);
                    }
                }
                lastProblem.remove(rule.key());
            } catch (PromqlException | AlertingRule.EvaluationException | IllegalArgumentException e) {
                problem(rule.key(), name(rule.definition()), e.getMessage());
                rule.alerting().ifPresent(a -> save(rule.key(), a.alerts()));
            }
        }
        if (!out.isEmpty()) {
            alerts.send(out);
        }
    }

    private List<Reading> recorded(RuleDefinition.Recording r, List<Value.Element> result) {
        if (group.limit() > 0 && result.size() > group.limit()) {
            throw new IllegalArgumentException("exceeded limit of " + group.limit() + " with " + result.size() + " series");
        }
        List<Reading> out = new ArrayList<>();
        Set<Labels> seen = new HashSet<>();
        for (Value.Element e : result) {
            Map<String, String> labels = new TreeMap<>(e.labels().asMap());
            labels.put(Labels.METRIC_NAME, r.record());
            labels.putAll(r.labels());
            labels.values().removeIf(String::isEmpty);
            Labels l = Labels.of(labels);
            if (!seen.add(l)) {
                throw new IllegalArgumentException("vector contains metrics with the same labelset after applying rule"
                        + " labels: " + l);
            }
            out.add(new Reading(l, e.value()));
        }
        return out;
    }

    /** {@code ALERTS{alertstate="pending|firing", ...} 1} and {@code ALERTS_FOR_STATE{...} <activeAt in seconds>}. */
    private static List<Reading> alertSeries(List<RuleAlert> alerts) {
        List<Reading> out = new ArrayList<>();
        for (RuleAlert a : alerts) {
            if (a.state() == AlertState.INACTIVE) {
                continue;
            }
            Map<String, String> labels = new TreeMap<>(a.labels());
            labels.put(Labels.METRIC_NAME, "ALERTS");
            labels.put("alertstate", a.state().label());
            out.add(new Reading(Labels.of(labels), 1));
            Map<String, String> forState = new TreeMap<>(a.labels());
            forState.put(Labels.METRIC_NAME, "ALERTS_FOR_STATE");
            out.add(new Reading(Labels.of(forState), a.activeAt().toEpochMilli() / 1000.0));
        }
        return out;
    }

    /**
     * As Prometheus sends it: a firing alert from when it fired, valid for four resends; a resolved one ending when
     * it resolved; a pending one not at all.
     */
    private Optional<Alert> toAlert(RuleAlert a, Instant at) {
        Duration validFor = (interval.compareTo(RESEND_DELAY) > 0 ? interval : RESEND_DELAY).multipliedBy(4);
        return switch (a.state()) {
            case PENDING -> Optional.empty();
            case FIRING -> Optional.of(new Alert(a.labels(), a.annotations(), a.firedAt().orElse(a.activeAt()),
                    Optional.of(at.plus(validFor)), ""));
            case INACTIVE -> a.firedAt().isEmpty() ? Optional.empty() : Optional.of(new Alert(a.labels(),
                    a.annotations(), a.firedAt().get(), a.resolvedAt(), ""));
        };
    }

    private void save(String key, List<RuleAlert> now) {
        if (!now.equals(saved.get(key))) {
            store.saveRuleAlerts(key, now);
            saved.put(key, now);
        }
    }

    private void problem(String key, String rule, String message) {
        if (!message.equals(lastProblem.put(key, message))) {
            problems.rule(group, rule, message);
        }
    }

    private static List<Value.Element> vector(Value v) {
        return switch (v) {
            case Value.Vector vec -> vec.elements();
            case Value.Scalar s -> List.of(new Value.Element(Labels.of(), s.value()));
            default -> throw new IllegalArgumentException("rule result is not a vector or scalar");
        };
    }

    private static List<RuleSample> samples(List<Value.Element> result) {
        List<RuleSample> out = new ArrayList<>();
        for (Value.Element e : result) {
            out.add(RuleSample.of(e.labels().asMap(), e.value()));
        }
        return out;
    }

    /** The templates' {@code query}: at the time being evaluated. */
    private List<Map<String, Object>> query(String expr) throws TemplateException {
        try {
            List<Map<String, Object>> out = new ArrayList<>();
            for (Value.Element e : vector(engine.instant(Promql.parse(expr), evaluatingAtMs))) {
                out.add(Map.of("Labels", e.labels().asMap(), "Value", e.value()));
            }
            return out;
        } catch (PromqlException | IllegalArgumentException e) {
            throw new TemplateException("query \"" + expr + "\": " + e.getMessage());
        }
    }

    private static String name(RuleDefinition d) {
        return switch (d) {
            case RuleDefinition.Alerting a -> a.alert();
            case RuleDefinition.Recording r -> r.record();
        };
    }
}
