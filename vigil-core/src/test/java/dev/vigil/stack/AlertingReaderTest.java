package dev.vigil.stack;

import dev.vigil.alerting.AlertingSettings;
import dev.vigil.alerting.EscalationStep;
import dev.vigil.alerting.Matchers;
import dev.vigil.alerting.ReceiverSettings;
import dev.vigil.alerting.RouteSpec;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code alerting:} section: Alertmanager's route, receivers, inhibit rules and time intervals, pasted. */
class AlertingReaderTest {

    private static AlertingSettings read(String yaml, List<String> windows) {
        Problems problems = new Problems("vigil.yaml");
        Node root = YamlNodes.compose(yaml, (l, c, m) -> problems.add(l, c, "", m)).orElseThrow();
        Node alerting = ((MappingNode) root).getValue().get(0).getValueNode();
        Node key = ((MappingNode) root).getValue().get(0).getKeyNode();
        AlertingSettings settings = new AlertingReader(new NodeReader(problems), java.nio.file.Path.of("/tmp")).read(alerting, key, "alerting", windows);
        problems.throwIfAny();
        return settings;
    }

    @Test
    void anAlertmanagerConfigurationPastedAsItIs() {
        AlertingSettings s = read("""
                alerting:
                  rule_files: [rules/*.yml]
                  evaluation_interval: 30s
                  route:
                    receiver: team-slack
                    group_by: [alertname, service]
                    group_wait: 10s
                    repeat_interval: 1h30m
                    routes:
                      - matchers: [severity="critical", 'team=~"db|ops"']
                        receiver: oncall
                        continue: true
                        mute_time_intervals: [offhours]
                      - match: {team: web}
                        match_re: {service: "api-.*"}
                        receiver: team-slack
                        active_time_intervals: [maintenance]
                  receivers:
                    - name: team-slack
                      slack_configs: [{api_url_file: /etc/vigil/slack-url, channel: "#ops", send_resolved: true}]
                    - name: oncall
                      pagerduty_configs:
                        - routing_key_file: /etc/vigil/pd-key
                      email_configs: [{to: oncall@example.com, smarthost: "smtp.example.com:587"}]
                    - name: team-lead
                      webhook_configs: [{url: "http://127.0.0.1:9000/hook", max_alerts: 5}]
                  inhibit_rules:
                    - source_matchers: [severity="critical"]
                      target_matchers: [severity="warning"]
                      equal: [alertname, service]
                  time_intervals:
                    - name: offhours
                      time_intervals:
                        - weekdays: ['saturday:sunday']
                        - times: [{start_time: "18:00", end_time: "24:00"}]
                          weekdays: ['monday:friday']
                          location: Europe/Berlin
                  escalation:
                    - {receiver: oncall, after: 0s}
                    - {receiver: team-lead, after: 15m}
                """, List.of("maintenance"));

        assertThat(s.ruleFiles()).containsExactly("rules/*.yml");
        assertThat(s.evaluationInterval()).isEqualTo(Duration.ofSeconds(30));
        RouteSpec route = s.route().orElseThrow();
        assertThat(route.receiver()).contains("team-slack");
        assertThat(route.groupWait()).contains(Duration.ofSeconds(10));
        assertThat(route.repeatInterval()).contains(Duration.ofMinutes(90));
        assertThat(route.routes().get(0).matchers()).containsExactly(Matchers.parse("severity=critical"),
                Matchers.parse("team=~\"db|ops\""));
        assertThat(route.routes().get(0).continueMatching()).isTrue();
        assertThat(route.routes().get(1).matchers()).containsExactly(Matchers.parse("team=web"),
                Matchers.parse("service=~\"api-.*\""));
        assertThat(route.routes().get(1).activeTimeIntervals()).containsExactly("maintenance");
        assertThat(s.receivers()).extracting(ReceiverSettings::name).containsExactly("team-slack", "oncall", "team-lead");
        ReceiverSettings oncall = s.receivers().get(1);
        assertThat(oncall.configs().keySet()).containsExactly("pagerduty_configs", "email_configs");
        assertThat(oncall.configs().get("email_configs").get(0).values())
                .containsEntry("to", "oncall@example.com").containsEntry("smarthost", "smtp.example.com:587");
        assertThat(s.inhibitRules().get(0).equal()).containsExactlyInAnyOrder("alertname", "service");
        assertThat(s.timeIntervals().get(0).entries()).hasSize(2);
        assertThat(s.timeIntervals().get(0).contains(java.time.Instant.parse("2026-12-05T12:00:00Z"))).isTrue();
        assertThat(s.escalations()).containsExactly(Map.entry("oncall", List.of(
                new EscalationStep("oncall", Duration.ZERO), new EscalationStep("team-lead", Duration.ofMinutes(15)))));
        assertThat(s.holdDependents()).isTrue();
    }

    @Test
    void anEmptySectionIsNoAlerting() {
        assertThat(read("alerting:\n", List.of())).isEqualTo(AlertingSettings.NONE);
    }

    @Test
    void everyProblemIsNamed() {
        assertThatThrownBy(() -> read("""
                alerting:
                  global: {smtp_smarthost: "x:25"}
                  route:
                    receiver: nobody
                    group_wait: 5 minutes
                    grouping: [x]
                    routes:
                      - matchers: ['severity=="x"']
                        mute_time_intervals: [nights]
                  receivers:
                    - name: a
                      opsgenie_configs: [{api_key: x}]
                    - name: a
                  inhibit_rules:
                    - equal: [x]
                  time_intervals:
                    - name: bad
                      time_intervals: [{weekdays: [funday], location: Mars/Base}]
                  escalation:
                    - {receiver: a, after: 15m}
                    - {receiver: ghost, after: 5m}
                """, List.of()))
                .isInstanceOf(InvalidStackException.class)
                .satisfies(e -> assertThat(e.getMessage().lines().toList()).containsExactly(
                        "vigil.yaml:2:3: alerting.global: Alertmanager's `global` is not taken: set each receiver's values"
                                + " (smtp, api URLs) in the receiver",
                        "vigil.yaml:4:5: alerting.route.receiver: no receiver named \"nobody\" (defined: a)",
                        "vigil.yaml:4:5: alerting.route.routes[0].mute_time_intervals: no time interval named \"nights\""
                                + " (defined: bad)",
                        "vigil.yaml:5:17: alerting.route.group_wait: `5 minutes` is not a duration; write e.g. `30s`, `5m`,"
                                + " `4h`, `1d`",
                        "vigil.yaml:6:5: alerting.route.grouping: unknown key; expected one of receiver, group_by,"
                                + " continue, matchers, match, match_re, mute_time_intervals, active_time_intervals,"
                                + " group_wait, group_interval, repeat_interval, routes",
                        "vigil.yaml:8:19: alerting.route.routes[0].matchers: a quote inside an unquoted value at column"
                                + " 11 of \"severity==\"x\"\"",
                        "vigil.yaml:12:25: alerting.receivers[0].opsgenie_configs: not supported: opsgenie_configs; Vigil"
                                + " sends webhook_configs, slack_configs, pagerduty_configs, email_configs, msteams_configs,"
                                + " msteamsv2_configs, discord_configs, telegram_configs, jira_configs, datadog_configs,"
                                + " ntfy_configs",
                        "vigil.yaml:13:13: alerting.receivers[1].name: receiver `a` is defined twice",
                        "vigil.yaml:15:7: alerting.inhibit_rules[0].source_matchers: an inhibit rule needs source matchers"
                                + " (none would inhibit with every alert)",
                        "vigil.yaml:15:7: alerting.inhibit_rules[0].target_matchers: an inhibit rule needs target matchers"
                                + " (none would inhibit every alert)",
                        "vigil.yaml:18:36: alerting.time_intervals[0].time_intervals[0].weekdays[0]: \"funday\" is not a"
                                + " weekday (monday ... sunday)",
                        "vigil.yaml:18:55: alerting.time_intervals[0].time_intervals[0].location: unknown location"
                                + " \"Mars/Base\" (an IANA zone such as Europe/Berlin)",
                        "vigil.yaml:20:5: alerting.escalation[1].after: steps come in order: 5m is before the step above"
                                + " it (15m)",
                        "vigil.yaml:21:18: alerting.escalation[1].receiver: no receiver named `ghost`"));
    }

    @Test
    void responsesAreReadWithTheirLimitsAndEachBadOneIsNamed() {
        AlertingSettings s = read("""
                alerting:
                  responses:
                    - {alert: ApiDown, matchers: [severity="critical"], action: restart, limit: {count: 2, window: 30m}}
                    - {alert: DiskFull, action: command, command: [scripts/clean.sh, --old], timeout: 1m}
                    - {alert: DiskFull, action: webhook, url: "http://127.0.0.1:9000/hook"}
                """, List.of());
        assertThat(s.responses()).containsExactly(
                new dev.vigil.alerting.ResponseSpec("ApiDown", Matchers.parseAll("{severity=\"critical\"}"),
                        new dev.vigil.alerting.ResponseSpec.Restart(), 2, java.time.Duration.ofMinutes(30)),
                new dev.vigil.alerting.ResponseSpec("DiskFull", List.of(), new dev.vigil.alerting.ResponseSpec.Command(
                        List.of("scripts/clean.sh", "--old"), java.time.Duration.ofMinutes(1)), 3,
                        java.time.Duration.ofHours(1)),
                new dev.vigil.alerting.ResponseSpec("DiskFull", List.of(), new dev.vigil.alerting.ResponseSpec.Webhook(
                        java.net.URI.create("http://127.0.0.1:9000/hook"), java.time.Duration.ofSeconds(30)), 3,
                        java.time.Duration.ofHours(1)));

        assertThatThrownBy(() -> read("""
                alerting:
                  responses:
                    - {action: reboot}
                    - {alert: A, action: restart, command: [x], limit: {count: 0}}
                    - {alert: B, action: webhook, url: "ftp://x"}
                    - {alert: C, action: command}
                """, List.of()))
                .isInstanceOf(InvalidStackException.class)
                .satisfies(e -> assertThat(e.getMessage().lines().toList()).containsExactly(
                        "vigil.yaml:3:7: alerting.responses[0]: missing required key `alert`",
                        "vigil.yaml:3:16: alerting.responses[0].action: unknown action `reboot`; expected one of "
                                + "restart, command, webhook",
                        "vigil.yaml:4:35: alerting.responses[1].command: `command` goes with `action: command`, not "
                                + "`restart`",
                        "vigil.yaml:4:64: alerting.responses[1].limit.count: must be between 1 and 1000, found 0",
                        "vigil.yaml:5:40: alerting.responses[2].url: expected an http or https URL, found `ftp://x`",
                        "vigil.yaml:6:7: alerting.responses[3]: missing required key `command`"));
    }
}
