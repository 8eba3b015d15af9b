package dev.vigil.alerting;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The stack file's {@code alerting:} section: rule files (Prometheus's format), how often their groups run by
 * default, and Alertmanager's {@code route}, {@code receivers}, {@code inhibit_rules} and {@code time_intervals},
 * plus Vigil's escalation chains (keyed by the receiver they start from), whether a down service holds its
 * dependents' alerts, and which of the built-in rules run.
 *
 * @param ruleFiles the patterns as written
 * @param rules the files they named when the stack file was read, with their text: an apply compares these, so a
 *              changed rule file is a change even when the stack file is not
 * @param builtinRules whether the built-in rules run at all; {@code disabledBuiltins} names those switched off
 * @param responses what Vigil does by itself when an alert starts firing
 */
public record AlertingSettings(List<String> ruleFiles, List<RuleFile> rules, Duration evaluationInterval,
                               Optional<RouteSpec> route, List<ReceiverSettings> receivers,
                               List<InhibitRule> inhibitRules, List<TimeInterval.Named> timeIntervals,
                               Map<String, List<EscalationStep>> escalations, boolean holdDependents,
                               boolean builtinRules, Set<String> disabledBuiltins, List<ResponseSpec> responses) {

    public static final Duration DEFAULT_EVALUATION_INTERVAL = Duration.ofSeconds(15);

    /** No alerting configured: only the built-in rules, with nowhere to send their alerts but the API. */
    public static final AlertingSettings NONE = new AlertingSettings(List.of(), List.of(), DEFAULT_EVALUATION_INTERVAL,
            Optional.empty(), List.of(), List.of(), List.of(), Map.of(), true, true, Set.of(), List.of());

    /** One rule file as read: where, and its text. */
    public record RuleFile(Path path, String text) {
    }

    public AlertingSettings {
        ruleFiles = List.copyOf(ruleFiles);
        rules = List.copyOf(rules);
        receivers = List.copyOf(receivers);
        inhibitRules = List.copyOf(inhibitRules);
        timeIntervals = List.copyOf(timeIntervals);
        Map<String, List<EscalationStep>> copy = new LinkedHashMap<>();
        escalations.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        escalations = java.util.Collections.unmodifiableMap(copy);
        disabledBuiltins = Set.copyOf(disabledBuiltins);
        responses = List.copyOf(responses);
    }
}
