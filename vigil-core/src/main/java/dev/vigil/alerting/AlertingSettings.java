package dev.vigil.alerting;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The stack file's {@code alerting:} section: rule files (Prometheus's format), how often their groups run by
 * default, and Alertmanager's {@code route}, {@code receivers}, {@code inhibit_rules} and {@code time_intervals},
 * plus Vigil's escalation chains (keyed by the receiver they start from) and whether a down service holds its
 * dependents' alerts.
 */
public record AlertingSettings(List<String> ruleFiles, Duration evaluationInterval, Optional<RouteSpec> route,
                               List<ReceiverSettings> receivers, List<InhibitRule> inhibitRules,
                               List<TimeInterval.Named> timeIntervals, Map<String, List<EscalationStep>> escalations,
                               boolean holdDependents) {

    public static final Duration DEFAULT_EVALUATION_INTERVAL = Duration.ofSeconds(15);

    /** No alerting configured. */
    public static final AlertingSettings NONE = new AlertingSettings(List.of(), DEFAULT_EVALUATION_INTERVAL,
            Optional.empty(), List.of(), List.of(), List.of(), Map.of(), true);

    public AlertingSettings {
        ruleFiles = List.copyOf(ruleFiles);
        receivers = List.copyOf(receivers);
        inhibitRules = List.copyOf(inhibitRules);
        timeIntervals = List.copyOf(timeIntervals);
        Map<String, List<EscalationStep>> copy = new LinkedHashMap<>();
        escalations.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        escalations = java.util.Collections.unmodifiableMap(copy);
    }
}
