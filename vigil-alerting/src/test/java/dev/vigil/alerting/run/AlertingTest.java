package dev.vigil.alerting.run;

import dev.vigil.alerting.Matchers;
import dev.vigil.alerting.MemoryAlertStore;
import dev.vigil.alerting.Silence;
import dev.vigil.alerting.route.Alert;
import dev.vigil.alerting.route.AlertGroup;
import dev.vigil.alerting.route.Notification;
import dev.vigil.alerting.rules.RuleDefinition;
import dev.vigil.alerting.rules.RuleGroup;
import dev.vigil.event.Event;
import dev.vigil.event.StackEvent;
import dev.vigil.metrics.InMemoryMetricStore;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Reading;
import dev.vigil.stack.Stack;
import dev.vigil.stack.StackLoader;
import dev.vigil.time.ManualScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The alerting of a stack on the manual clock: rules to notifications, silences, acks, inhibition, restarts. */
class AlertingTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String RULES = """
            groups:
              - name: api
                interval: 10s
                rules:
                  - alert: ApiDown
                    expr: up{service="api"} == 0
                    for: 20s
                    labels: {severity: critical}
                    annotations: {summary: "{{ $labels.service }} is down"}
                  - alert: ApiSlow
                    expr: latency_seconds{service="api"} > 1
                    labels: {severity: warning}
            """;
    private static final String STACK = """
            services:
              api: {command: [sleep, "1000"]}
            alerting:
              rule_files: [rules/*.yml]
              route:
                receiver: team
                group_by: [alertname]
                group_wait: 0s
                group_interval: 10s
              receivers:
                - name: team
              inhibit_rules:
                - source_matchers: [severity="critical"]
                  target_matchers: [severity="warning"]
                  equal: [service]
            """;

    @TempDir
    Path dir;
    private final ManualScheduler clock = new ManualScheduler(T0);
    private final InMemoryMetricStore metrics = new InMemoryMetricStore();
    private final MemoryAlertStore store = new MemoryAlertStore();
    private final List<Notification> sent = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final List<String> responded = new ArrayList<>();
    private final Alerting.Responder responder = (r, alert) -> {
        responded.add(r.action().kind() + " " + alert.labels().get("service"));
        return java.util.concurrent.CompletableFuture.completedFuture("restarted (cause alert)");
    };

    private Stack stack(String text) throws IOException {
        Files.createDirectories(dir.resolve("rules"));
        Files.writeString(dir.resolve("rules/api.yml"), RULES);
        Files.writeString(dir.resolve("vigil.yaml"), text);
        return StackLoader.parse(text, dir.resolve("vigil.yaml"));
    }

    private Alerting alerting(Stack stack, List<RuleGroup> builtins) {
        Alerting a = new Alerting(new Alerting.Context(clock, metrics, metrics::append, store, events::add, "shop",
                sent::add, Runnable::run, () -> "http://vigil.test", responder));
        a.configure(new Alerting.Setup(stack.alerting(), builtins, Map.of(), (name, at) -> false));
        return a;
    }

    /** up and latency of api every 5 s from now for {@code length}. */
    private void samples(double up, double latency, Duration length) {
        Instant end = clock.now().plus(length);
        while (clock.now().isBefore(end)) {
            metrics.append(clock.now().toEpochMilli(), List.of(
                    new Reading(Labels.metric("up", "service", "api"), up),
                    new Reading(Labels.metric("latency_seconds", "service", "api"), latency)));
            clock.advance(Duration.ofSeconds(5));
        }
    }

    private List<String> names(List<Alert> alerts) {
        return alerts.stream().map(a -> a.labels().get("alertname")).toList();
    }

    @Test
    void anAlertWithoutAServiceLabelIsListed() throws IOException {
        Alerting alerting = alerting(stack(STACK), List.of());
        alerting.post(List.of(Alert.firing(Map.of("alertname", "DiskFull"), clock.now())));
        assertThat(alerting.alerts()).singleElement().satisfies(l -> {
            assertThat(l.state()).isEqualTo(Alerting.State.ACTIVE);
            assertThat(l.heldUnder()).isEmpty();
        });
        alerting.close();
    }

    @Test
    void aRuleFiresAfterItsForIsNotifiedOnceAndResolves() throws IOException {
        Alerting alerting = alerting(stack(STACK), List.of());
        samples(1, 0.1, Duration.ofSeconds(30));
        assertThat(sent).isEmpty();

        samples(0, 0.1, Duration.ofSeconds(15));
        assertThat(alerting.alerts()).extracting(Alerting.Listed::state).containsExactly(Alerting.State.PENDING);
        assertThat(sent).isEmpty();

        samples(0, 0.1, Duration.ofSeconds(20));
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).receiver()).isEqualTo("team");
        assertThat(names(sent.get(0).firing())).containsExactly("ApiDown");
        assertThat(sent.get(0).firing().get(0).annotations()).containsEntry("summary", "api is down");
        assertThat(alerting.alerts()).extracting(Alerting.Listed::state).containsExactly(Alerting.State.ACTIVE);
        assertThat(events).filteredOn(StackEvent.AlertFired.class::isInstance).hasSize(1);
        assertThat(events).filteredOn(StackEvent.AlertsNotified.class::isInstance).hasSize(1);

        samples(0, 0.1, Duration.ofMinutes(2));
        assertThat(sent).as("critical repeats every 5 minutes, not sooner").hasSize(1);

        samples(1, 0.1, Duration.ofSeconds(30));
        assertThat(sent).hasSize(2);
        assertThat(sent.get(1).firing()).isEmpty();
        assertThat(names(sent.get(1).resolved())).containsExactly("ApiDown");
        assertThat(events).filteredOn(StackEvent.AlertResolved.class::isInstance).hasSize(1);
        assertThat(alerting.alerts()).extracting(Alerting.Listed::state).containsExactly(Alerting.State.RESOLVED);
        assertThat(alerting.exposition())
                .containsPattern("vigil_rule_group_evaluations_total\\{rule_group=\"[^\"]*rules/api.yml;api\"} 2[0-9]\n")
                .contains("vigil_alerts{state=\"resolved\"} 1\n", "vigil_alerts{state=\"active\"} 0\n");
        alerting.close();
    }

    @Test
    void aCriticalAlertInhibitsTheWarningOfTheSameService() throws IOException {
        Alerting alerting = alerting(stack(STACK), List.of());
        samples(0, 0.1, Duration.ofSeconds(45));
        samples(0, 3, Duration.ofSeconds(30));
        List<Alerting.Listed> listed = alerting.alerts();
        Alerting.Listed slow = listed.stream().filter(l -> l.alert().labels().get("alertname").equals("ApiSlow"))
                .findFirst().orElseThrow();
        Alerting.Listed down = listed.stream().filter(l -> l.alert().labels().get("alertname").equals("ApiDown"))
                .findFirst().orElseThrow();
        assertThat(slow.state()).isEqualTo(Alerting.State.SUPPRESSED);
        assertThat(slow.inhibitedBy()).containsExactly(down.fingerprint());
        assertThat(sent).isNotEmpty().allSatisfy(n -> assertThat(names(n.firing())).doesNotContain("ApiSlow"));
        alerting.close();
    }

    @Test
    void aSilenceKeepsAlertsFromNotificationsAndBadSilencesAreRefused() throws IOException {
        Alerting alerting = alerting(stack(STACK), List.of());
        Silence made = alerting.silence(new Silence("", Matchers.parseAll("{service=\"api\"}"), T0,
                T0.plus(Duration.ofHours(1)), "ana", "migrating"));
        assertThat(made.id()).isNotEmpty();
        samples(0, 0.1, Duration.ofSeconds(60));
        assertThat(sent).isEmpty();
        assertThat(alerting.alerts()).allSatisfy(l -> assertThat(l.silencedBy()).containsExactly(made.id()));

        assertThat(alerting.expire(made.id())).isPresent();
        samples(0, 0.1, Duration.ofSeconds(15));
        assertThat(sent).hasSize(1);

        assertThatThrownBy(() -> alerting.silence(new Silence("", List.of(), clock.now(), clock.now().minusSeconds(1),
                "ana", "x"))).isInstanceOf(InvalidSilenceException.class)
                .hasMessageContaining("at least one matcher").hasMessageContaining("must be after the start");
        alerting.close();
    }

    @Test
    void anAcknowledgedAlertIsNotRepeatedAndTheAckEndsWhenItResolves() throws IOException {
        Alerting alerting = alerting(stack(STACK), List.of());
        samples(0, 0.1, Duration.ofSeconds(45));
        assertThat(sent).hasSize(1);
        String fingerprint = alerting.alerts().get(0).fingerprint();
        assertThatThrownBy(() -> alerting.ack("zz", Duration.ofHours(2), "ana", "looking"))
                .isInstanceOf(UnknownAlertException.class);
        alerting.ack(fingerprint.substring(0, 4), Duration.ofHours(2), "ana", "looking");
        assertThat(alerting.alerts().get(0).ack()).isPresent();

        samples(0, 0.1, Duration.ofMinutes(12));
        assertThat(sent).as("no repeats while acknowledged").hasSize(1);

        samples(1, 0.1, Duration.ofSeconds(30));
        assertThat(sent).hasSize(2);
        assertThat(store.acks(clock.now())).isEmpty();
        alerting.close();
    }

    @Test
    void aPostedAlertWithoutAnEndResolvesFiveMinutesAfterItsLastPost() throws IOException {
        Alerting alerting = alerting(stack(STACK), List.of());
        alerting.post(List.of(Alert.firing(Map.of("alertname", "DiskFull", "instance", "db1"), clock.now())));
        clock.advance(Duration.ofSeconds(1));
        assertThat(sent).hasSize(1);
        clock.advance(Duration.ofMinutes(4));
        assertThat(alerting.alerts()).extracting(Alerting.Listed::state).containsExactly(Alerting.State.ACTIVE);
        clock.advance(Duration.ofMinutes(1).plusSeconds(10));
        assertThat(alerting.alerts()).extracting(Alerting.Listed::state).containsExactly(Alerting.State.RESOLVED);
        assertThat(sent.get(sent.size() - 1).resolved()).hasSize(1);
        alerting.close();
    }

    @Test
    void aRestartNeitherRepeatsANotificationNorLosesTheResolution() throws IOException {
        Stack stack = stack(STACK);
        Alerting first = alerting(stack, List.of());
        samples(0, 0.1, Duration.ofSeconds(45));
        assertThat(sent).hasSize(1);
        first.close();

        Alerting second = alerting(stack, List.of());
        samples(0, 0.1, Duration.ofMinutes(2));
        assertThat(sent).as("told before the restart: not again").hasSize(1);
        samples(1, 0.1, Duration.ofSeconds(30));
        assertThat(sent).hasSize(2);
        assertThat(names(sent.get(1).resolved())).containsExactly("ApiDown");
        second.close();
    }

    @Test
    void builtInRulesRunUnlessSwitchedOffOrOverriddenByName() throws IOException {
        RuleGroup builtins = new RuleGroup(Path.of("builtin.yml"), "vigil", Optional.empty(), 0, List.of(
                new RuleDefinition.Alerting("ApiDown", "vector(1)", Duration.ZERO, Duration.ZERO, Map.of(), Map.of(), 1),
                new RuleDefinition.Alerting("Always", "vector(1)", Duration.ZERO, Duration.ZERO, Map.of(), Map.of(), 2),
                new RuleDefinition.Alerting("VigilServiceFlapping", "vector(1)", Duration.ZERO, Duration.ZERO, Map.of(), Map.of(), 3)));
        Alerting alerting = alerting(stack(STACK.replace("  rule_files:", "  builtin_rules: {VigilServiceFlapping: false}\n  rule_files:")),
                List.of(builtins));
        assertThat(alerting.ruleGroups()).hasSize(2);
        assertThat(alerting.ruleGroups().get(1).rules()).extracting(r -> ((RuleDefinition.Alerting) r).alert())
                .containsExactly("Always");
        samples(1, 0.1, Duration.ofSeconds(30));
        assertThat(alerting.alerts()).extracting(l -> l.alert().labels().get("alertname")).containsExactly("Always");
        alerting.close();
    }

    @Test
    void aNudgeEvaluatesTheBuiltInRulesAtOnce() throws IOException {
        RuleGroup builtins = new RuleGroup(Path.of("builtin.yml"), "vigil", Optional.of(Duration.ofMinutes(1)), 0,
                List.of(new RuleDefinition.Alerting("VigilServiceGaveUp", "up == 0", Duration.ZERO, Duration.ZERO,
                        Map.of("severity", "critical"), Map.of(), 1)));
        Alerting alerting = alerting(stack(STACK), List.of(builtins));
        clock.advance(Duration.ofSeconds(61)); // past the first round of the minute
        alerting.nudge(clock.now().toEpochMilli());
        assertThat(alerting.alerts()).isEmpty();
        // Written a millisecond ahead of the clock (event series keep their times increasing), in the same
        // millisecond as the nudge before: seen all the same.
        long ahead = clock.now().toEpochMilli() + 1;
        metrics.append(ahead, List.of(new Reading(Labels.metric("up", "service", "db"), 0)));

        alerting.nudge(ahead);
        assertThat(alerting.alerts()).extracting(l -> l.alert().labels().get("alertname"))
                .containsExactly("VigilServiceGaveUp");
        clock.advance(Duration.ofMillis(1));
        assertThat(sent).hasSize(1);
        alerting.close();
    }

    @Test
    void aResponseIsTakenWhenItsAlertStartsFiringWithinItsLimitAndTravelsWithTheNotification() throws IOException {
        Alerting alerting = alerting(stack(STACK.replace("  inhibit_rules:", "  responses:\n"
                + "    - {alert: ApiDown, action: restart, limit: {count: 1, window: 1h}}\n  inhibit_rules:")), List.of());
        samples(0, 0.1, Duration.ofSeconds(45));
        assertThat(responded).containsExactly("restart api");
        assertThat(events).filteredOn(StackEvent.ResponseTaken.class::isInstance).extracting(Event::message)
                .containsExactly("response to ApiDown (api): restart: restarted (cause alert)");
        assertThat(alerting.alerts().get(0).alert().annotations())
                .containsEntry(Alerting.RESPONSE_ANNOTATION, "restart: restarted (cause alert)");

        samples(1, 0.1, Duration.ofSeconds(30));
        samples(0, 0.1, Duration.ofSeconds(45));
        assertThat(responded).as("its limit: once an hour").hasSize(1);
        assertThat(events).filteredOn(StackEvent.ResponseTaken.class::isInstance).last().extracting(Event::message)
                .asString().contains("skipped: taken 1 times in the last 1h, its limit");
        assertThat(sent.get(sent.size() - 1).firing().get(0).annotations()).containsKey(Alerting.RESPONSE_ANNOTATION);
        alerting.close();
    }

    @Test
    void aRouteMutedByAMaintenanceWindowSendsNothingUntilItCloses() throws IOException {
        String muted = STACK.replace("    group_interval: 10s\n", "    group_interval: 10s\n"
                + "    routes:\n      - matchers: [service=\"api\"]\n        mute_time_intervals: [deploys]\n").replace("services:", "windows:\n  deploys: {kind: maintenance,"
                + " cron: \"0 9 * * *\", duration: 2h}\nservices:");
        Stack stack = stack(muted);
        Instant until = T0.plus(Duration.ofMinutes(1));
        Alerting alerting = new Alerting(new Alerting.Context(clock, metrics, metrics::append, store, events::add,
                "shop", sent::add, Runnable::run, () -> "", responder));
        AlertGroup.TimeIntervals windows = (name, at) -> name.equals("deploys") && at.isBefore(until);
        alerting.configure(new Alerting.Setup(stack.alerting(), List.of(), Map.of("api", Set.of()), windows));
        samples(0, 0.1, Duration.ofSeconds(55));
        assertThat(sent).isEmpty();
        samples(0, 0.1, Duration.ofSeconds(15));
        assertThat(sent).hasSize(1);
        alerting.close();
    }
}
