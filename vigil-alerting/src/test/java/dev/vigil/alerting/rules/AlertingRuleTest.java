package dev.vigil.alerting.rules;

import dev.vigil.alerting.AlertState;

import dev.vigil.alerting.RuleAlert;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** An alerting rule's lifecycle as Prometheus evaluates it, evaluation by evaluation. */
class AlertingRuleTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final List<RuleSample> UP = List.of(RuleSample.of(Map.of("__name__", "up", "service", "api"), 0));

    private static Instant at(int seconds) {
        return T0.plusSeconds(seconds);
    }

    private static AlertingRule rule(Duration holdFor, Duration keepFiringFor) {
        return new AlertingRule("Down", holdFor, keepFiringFor, Map.of("severity", "critical"),
                Map.of("summary", "{{ $labels.service }} is down"), 0, AlertingRule.Expander.VERBATIM);
    }

    private static AlertState state(List<RuleAlert> alerts) {
        assertThat(alerts).hasSize(1);
        return alerts.get(0).state();
    }

    @Test
    void pendingUntilTheConditionHeldForItsDurationThenFiring() throws Exception {
        AlertingRule r = rule(Duration.ofMinutes(1), Duration.ZERO);
        assertThat(state(r.evaluate(UP, at(0)))).isEqualTo(AlertState.PENDING);
        assertThat(state(r.evaluate(UP, at(59)))).isEqualTo(AlertState.PENDING);
        List<RuleAlert> firing = r.evaluate(UP, at(60));
        assertThat(state(firing)).isEqualTo(AlertState.FIRING);
        assertThat(firing.get(0).activeAt()).isEqualTo(at(0));
        assertThat(firing.get(0).firedAt()).contains(at(60));
        assertThat(firing.get(0).labels()).containsExactly(Map.entry("alertname", "Down"), Map.entry("service", "api"),
                Map.entry("severity", "critical"));
        assertThat(firing.get(0).annotations()).containsEntry("summary", "{{ $labels.service }} is down");
    }

    @Test
    void withoutForItFiresAtOnce() throws Exception {
        assertThat(state(rule(Duration.ZERO, Duration.ZERO).evaluate(UP, at(0)))).isEqualTo(AlertState.FIRING);
    }

    @Test
    void aPendingAlertWhoseConditionStopsIsDropped() throws Exception {
        AlertingRule r = rule(Duration.ofMinutes(5), Duration.ZERO);
        r.evaluate(UP, at(0));
        assertThat(r.evaluate(List.of(), at(15))).isEmpty();
        assertThat(state(r.evaluate(UP, at(30)))).isEqualTo(AlertState.PENDING);
        assertThat(r.alerts().get(0).activeAt()).as("for starts again").isEqualTo(at(30));
    }

    @Test
    void aFiringAlertResolvesAndIsKeptFifteenMinutes() throws Exception {
        AlertingRule r = rule(Duration.ZERO, Duration.ZERO);
        r.evaluate(UP, at(0));
        List<RuleAlert> resolved = r.evaluate(List.of(), at(15));
        assertThat(state(resolved)).isEqualTo(AlertState.INACTIVE);
        assertThat(resolved.get(0).resolvedAt()).contains(at(15));
        assertThat(r.evaluate(List.of(), at(15 + 15 * 60))).as("15 minutes, not more").hasSize(1);
        assertThat(r.evaluate(List.of(), at(15 + 15 * 60 + 15))).isEmpty();
    }

    @Test
    void anInactiveAlertThatReturnsStartsOverPending() throws Exception {
        AlertingRule r = rule(Duration.ofMinutes(1), Duration.ZERO);
        r.evaluate(UP, at(0));
        r.evaluate(UP, at(60));
        r.evaluate(List.of(), at(75));
        List<RuleAlert> again = r.evaluate(UP, at(90));
        assertThat(state(again)).isEqualTo(AlertState.PENDING);
        assertThat(again.get(0).activeAt()).isEqualTo(at(90));
        assertThat(again.get(0).resolvedAt()).isEmpty();
    }

    @Test
    void keepFiringForHoldsAFiringAlertAfterItsConditionStops() throws Exception {
        AlertingRule r = rule(Duration.ZERO, Duration.ofMinutes(2));
        r.evaluate(UP, at(0));
        List<RuleAlert> kept = r.evaluate(List.of(), at(15));
        assertThat(state(kept)).isEqualTo(AlertState.FIRING);
        assertThat(kept.get(0).keepFiringSince()).contains(at(15));
        assertThat(state(r.evaluate(List.of(), at(15 + 119)))).isEqualTo(AlertState.FIRING);
        assertThat(state(r.evaluate(List.of(), at(15 + 120)))).isEqualTo(AlertState.INACTIVE);

        AlertingRule back = rule(Duration.ZERO, Duration.ofMinutes(2));
        back.evaluate(UP, at(0));
        back.evaluate(List.of(), at(15));
        List<RuleAlert> returned = back.evaluate(UP, at(30));
        assertThat(returned.get(0).keepFiringSince()).as("the condition holds again").isEmpty();
        assertThat(state(back.evaluate(List.of(), at(200)))).as("a new keep period").isEqualTo(AlertState.FIRING);
    }

    @Test
    void theRulesLabelsWinAndTheMetricNameGoes() throws Exception {
        AlertingRule r = new AlertingRule("Full", Duration.ZERO, Duration.ZERO, Map.of("severity", "warning", "team", ""),
                Map.of(), 0, (t, labels, value) -> t.replace("$value", Double.toString(value)));
        List<RuleAlert> alerts = r.evaluate(List.of(RuleSample.of(Map.of("__name__", "disk", "severity", "info",
                "team", "db", "alertname", "Other"), 0.97)), at(0));
        assertThat(alerts.get(0).labels()).containsExactly(Map.entry("alertname", "Full"),
                Map.entry("severity", "warning"));
        assertThat(alerts.get(0).value()).isEqualTo(0.97);
    }

    @Test
    void twoElementsWithTheSameLabelsAfterTheRulesFailTheEvaluation() throws Exception {
        AlertingRule r = new AlertingRule("Down", Duration.ZERO, Duration.ZERO, Map.of("service", "all"), Map.of(), 0,
                AlertingRule.Expander.VERBATIM);
        r.evaluate(UP, at(0));
        List<RuleSample> two = List.of(RuleSample.of(Map.of("service", "api"), 1), RuleSample.of(Map.of("service", "web"), 1));
        assertThatThrownBy(() -> r.evaluate(two, at(15)))
                .hasMessageContaining("vector contains metrics with the same labelset after applying alert labels");
        assertThat(r.alerts()).isEmpty();
    }

    @Test
    void moreAlertsThanTheLimitFailTheEvaluation() throws Exception {
        AlertingRule r = new AlertingRule("Down", Duration.ZERO, Duration.ZERO, Map.of(), Map.of(), 1,
                AlertingRule.Expander.VERBATIM);
        List<RuleSample> two = List.of(RuleSample.of(Map.of("service", "api"), 1), RuleSample.of(Map.of("service", "web"), 1));
        assertThatThrownBy(() -> r.evaluate(two, at(0))).hasMessage("exceeded limit of 1 with 2 alerts");
        assertThat(r.alerts()).isEmpty();
        assertThat(r.evaluate(UP, at(15))).hasSize(1);
    }

    @Test
    void restoredAlertsKeepTheirTimes() throws Exception {
        AlertingRule before = rule(Duration.ofMinutes(5), Duration.ZERO);
        before.evaluate(UP, at(0));
        List<RuleAlert> saved = before.evaluate(UP, at(120));

        AlertingRule after = rule(Duration.ofMinutes(5), Duration.ZERO);
        after.restore(saved);
        assertThat(state(after.evaluate(UP, at(299)))).isEqualTo(AlertState.PENDING);
        List<RuleAlert> firing = after.evaluate(UP, at(300));
        assertThat(state(firing)).isEqualTo(AlertState.FIRING);
        assertThat(firing.get(0).activeAt()).isEqualTo(at(0));
        assertThat(firing.get(0).firedAt()).isEqualTo(Optional.of(at(300)));
    }
}
