package dev.vigil.alerting;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Alertmanager's documented inhibition: a critical alert mutes the warnings of the same alertname and cluster. */
class InhibitRuleTest {

    private final InhibitRule rule = new InhibitRule(List.of(Matchers.parse("severity=critical")),
            List.of(Matchers.parse("severity=warning")), Set.of("alertname", "cluster"));

    @Test
    void aFiringSourceWithEqualLabelsInhibitsTheTarget() {
        Map<String, String> critical = Map.of("alertname", "Disk", "cluster", "eu", "severity", "critical");
        Map<String, String> warning = Map.of("alertname", "Disk", "cluster", "eu", "severity", "warning");
        Map<String, String> otherCluster = Map.of("alertname", "Disk", "cluster", "us", "severity", "warning");
        assertThat(rule.inhibitors(warning, List.of(critical))).containsExactly(critical);
        assertThat(rule.inhibitors(otherCluster, List.of(critical))).as("cluster differs").isEmpty();
        assertThat(rule.inhibitors(critical, List.of(critical))).as("not a target").isEmpty();
        assertThat(rule.inhibitors(warning, List.of())).as("nothing fires").isEmpty();
    }

    @Test
    void aLabelBothLackCountsAsEqualButOneSidedAbsenceDoesNot() {
        Map<String, String> critical = Map.of("alertname", "Disk", "severity", "critical");
        assertThat(rule.inhibitors(Map.of("alertname", "Disk", "severity", "warning"), List.of(critical))).hasSize(1);
        assertThat(rule.inhibitors(Map.of("alertname", "Disk", "cluster", "eu", "severity", "warning"),
                List.of(critical))).isEmpty();
    }

    @Test
    void alertsMatchingBothSidesDoNotInhibitEachOther() {
        InhibitRule anyDown = new InhibitRule(List.of(Matchers.parse("alertname=Down")),
                List.of(Matchers.parse("alertname=~\".+\"")), Set.of("cluster"));
        Map<String, String> down1 = Map.of("alertname", "Down", "cluster", "eu", "service", "db");
        Map<String, String> down2 = Map.of("alertname", "Down", "cluster", "eu", "service", "api");
        Map<String, String> slow = Map.of("alertname", "Slow", "cluster", "eu");
        assertThat(anyDown.inhibitors(down1, List.of(down1, down2))).isEmpty();
        assertThat(anyDown.inhibitors(slow, List.of(down1, down2))).containsExactly(down1, down2);
    }

    @Test
    void aRuleWithoutMatchersIsRefused() {
        assertThat(new InhibitRule(List.of(), List.of(), Set.of("bad-name")).problems("alerting.inhibit_rules[0]"))
                .containsExactly(
                        "alerting.inhibit_rules[0].source_matchers: an inhibit rule needs source matchers (none would inhibit with every alert)",
                        "alerting.inhibit_rules[0].target_matchers: an inhibit rule needs target matchers (none would inhibit every alert)",
                        "alerting.inhibit_rules[0].equal: \"bad-name\" is not a label name");
        assertThat(rule.problems("x")).isEmpty();
    }
}
