package dev.vigil.alerting.rules;

import dev.vigil.alerting.MemoryAlertStore;
import dev.vigil.alerting.route.Alert;
import dev.vigil.collect.EventSeries;
import dev.vigil.event.Cause;
import dev.vigil.event.Event;
import dev.vigil.event.ServiceEvent;
import dev.vigil.event.StackEvent;
import dev.vigil.event.StoredEvent;
import dev.vigil.health.ProbeStatus;
import dev.vigil.metrics.InMemoryMetricStore;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Matcher;
import dev.vigil.metrics.Reading;
import dev.vigil.metrics.Selection;
import dev.vigil.promql.Engine;
import dev.vigil.supervise.ServiceState;
import dev.vigil.supervise.ServiceStatus;
import dev.vigil.time.ManualScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The built-in rules over the series {@link EventSeries} writes from real events, evaluated on a manual clock as
 * the daemon evaluates them: each fires for its situation, and none for a healthy stack.
 */
class BuiltinRulesTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration EVERY = Duration.ofSeconds(15);

    private final ManualScheduler clock = new ManualScheduler(T0);
    private final InMemoryMetricStore metrics = new InMemoryMetricStore();
    private final MemoryAlertStore alertState = new MemoryAlertStore();
    private final List<ServiceStatus> statuses = new ArrayList<>();
    private final List<Alert> sent = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final AtomicLong ids = new AtomicLong();
    private EventSeries series = newSeries();
    private final List<RuleEvaluator> evaluators = BuiltinRules.groups().stream()
            .map(g -> new RuleEvaluator(g, EVERY, new Engine(metrics), metrics::append, sent::addAll, alertState,
                    Map.of(), "", (group, rule, message) -> problems.add(rule + ": " + message)))
            .toList();
    private double memoryAvailable = 0.5;
    private double diskAvailable = 0.5;

    private EventSeries newSeries() {
        return new EventSeries(metrics::append, clock, () -> List.copyOf(statuses));
    }

    private static ServiceStatus status(String name, ServiceState state) {
        return new ServiceStatus(name, state, ProbeStatus.UNKNOWN, true, 0, OptionalLong.empty(), T0,
                Optional.empty(), "");
    }

    private void deliver(Event event) {
        series.onEvent(new StoredEvent(ids.incrementAndGet(), event));
    }

    /** As the supervisor does it: the status moves, and the event says so. */
    private void change(Instant at, String service, ServiceState from, ServiceState to, String reason) {
        statuses.replaceAll(s -> s.name().equals(service) ? status(service, to) : s);
        deliver(new ServiceEvent.StateChanged(at, service, from.label(), to.label(), reason));
    }

    private Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    /** Moves the clock to {@code t} (refreshes run on the way), writes the host as the collector would, evaluates. */
    private void evaluateAt(Instant t) {
        clock.advance(Duration.between(clock.now(), t));
        metrics.append(t.toEpochMilli(), List.of(
                new Reading(Labels.metric("host_memory_total_bytes"), 8e9),
                new Reading(Labels.metric("host_memory_available_bytes"), 8e9 * memoryAvailable),
                new Reading(Labels.metric("host_filesystem_size_bytes", "mountpoint", "/", "device", "sda1"), 1e11),
                new Reading(Labels.metric("host_filesystem_avail_bytes", "mountpoint", "/", "device", "sda1"),
                        1e11 * diskAvailable)));
        for (RuleEvaluator e : evaluators) {
            e.evaluate(t);
        }
        assertThat(problems).as("every built-in rule evaluates").isEmpty();
    }

    /** Evaluations every 15 s from {@code from} to {@code to}, both included. */
    private void evaluateFromTo(Instant from, Instant to) {
        for (Instant t = from; !t.isAfter(to); t = t.plus(EVERY)) {
            evaluateAt(t);
        }
    }

    /** The alerts of the evaluation at {@code t} in {@code state} (firing, pending), by their labels. */
    private List<Map<String, String>> alerts(Instant t, String state) {
        long ms = t.toEpochMilli();
        return metrics.select(new Selection(List.of(Matcher.metric("ALERTS"), Matcher.eq("alertstate", state)), ms, ms))
                .stream()
                .filter(s -> s.samples().stream().anyMatch(p -> p.timestampMs() == ms))
                .<Map<String, String>>map(s -> {
                    Map<String, String> labels = new LinkedHashMap<>(s.labels().asMap());
                    labels.remove(Labels.METRIC_NAME);
                    labels.remove("alertstate");
                    return labels;
                })
                .toList();
    }

    private List<Map<String, String>> firing(Instant t) {
        return alerts(t, "firing");
    }

    private Alert lastSent(String alertname) {
        return sent.stream().filter(a -> a.labels().get("alertname").equals(alertname))
                .reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void aHealthyStackFiresNothing() {
        statuses.add(status("api", ServiceState.PENDING));
        statuses.add(status("web", ServiceState.PENDING));
        series.start();
        deliver(new StackEvent.StackStarting(at(0), "shop", "vigil.yml", 2));
        for (String s : List.of("api", "web")) {
            change(at(1), s, ServiceState.PENDING, ServiceState.STARTING, "");
            deliver(new ServiceEvent.InstanceStarted(at(1), s, s + "-1", 100, 0));
            change(at(3), s, ServiceState.STARTING, ServiceState.HEALTHY, "probes pass");
        }
        deliver(new StackEvent.StackStarted(at(3), "shop", 3000));

        for (Instant t = at(15); !t.isAfter(at(20 * 60)); t = t.plus(EVERY)) {
            evaluateAt(t);
            assertThat(alerts(t, "firing")).as("firing at " + t).isEmpty();
            assertThat(alerts(t, "pending")).as("pending at " + t).isEmpty();
        }
        assertThat(sent).isEmpty();
    }

    @Test
    void aServiceThatGaveUpFiresAtTheNextEvaluationAndResolvesWhenStartedAgain() {
        statuses.add(status("api", ServiceState.BACKOFF));
        series.start();
        evaluateAt(at(0));

        deliver(new ServiceEvent.GaveUp(at(10), "api", 5, "1m", "exit 1", List.of("boom")));
        change(at(10), "api", ServiceState.BACKOFF, ServiceState.FAILED, "gave up");
        evaluateAt(at(15));

        assertThat(firing(at(15))).containsExactly(Map.of("alertname", "VigilServiceGaveUp", "service", "api",
                "severity", "critical"));
        assertThat(lastSent("VigilServiceGaveUp").annotations()).containsEntry("summary", "api gave up")
                .hasEntrySatisfying("description", d -> assertThat(d).startsWith("Vigil gave up restarting api:"));

        change(at(20), "api", ServiceState.FAILED, ServiceState.STARTING, "started by operator");
        evaluateAt(at(30));
        assertThat(firing(at(30))).isEmpty();
        assertThat(lastSent("VigilServiceGaveUp").resolved(at(30))).isTrue();
    }

    @Test
    void threeCrashesInAFewMinutesAreACrashLoopTwoAreNot() {
        statuses.add(status("api", ServiceState.RUNNING));
        series.start();
        deliver(new ServiceEvent.RestartScheduled(at(10), "api", Cause.CRASH, "exit 1", 1, 1000, 1, "5m"));
        deliver(new ServiceEvent.RestartScheduled(at(40), "api", Cause.CRASH, "exit 1", 2, 2000, 2, "5m"));
        deliver(new ServiceEvent.RestartScheduled(at(50), "api", Cause.UNHEALTHY, "probe", 3, 4000, 3, "5m"));
        evaluateFromTo(at(0), at(60));
        assertThat(firing(at(60))).as("two crashes, and a restart for health").isEmpty();

        deliver(new ServiceEvent.RestartScheduled(at(70), "api", Cause.CRASH, "exit 1", 4, 8000, 4, "5m"));
        evaluateAt(at(75));

        assertThat(firing(at(75))).containsExactly(Map.of("alertname", "VigilServiceCrashLooping", "service", "api",
                "severity", "warning"));
        assertThat(lastSent("VigilServiceCrashLooping").annotations()).containsEntry("description",
                "api crashed and was restarted 3 times in the last 5 minutes.");

        evaluateFromTo(at(90), at(6 * 60));
        assertThat(firing(at(6 * 60))).as("the crashes are more than 5 minutes ago").isEmpty();
    }

    @Test
    void aDaemonRestartIsNotReadAsEvents() {
        statuses.add(status("api", ServiceState.RUNNING));
        series.start();
        for (int i = 1; i <= 5; i++) {
            deliver(new ServiceEvent.RestartScheduled(at(i), "api", Cause.CRASH, "exit 1", i, 0, i, "unlimited"));
        }
        evaluateFromTo(at(15), at(10 * 60));
        assertThat(firing(at(10 * 60))).isEmpty();

        series.close();
        series = newSeries(); // the daemon restarted: its counters begin at 0 again
        series.start();
        deliver(new ServiceEvent.RestartScheduled(at(10 * 60 + 5), "api", Cause.CRASH, "exit 1", 1, 0, 1, "5m"));
        evaluateFromTo(at(10 * 60 + 15), at(12 * 60));

        assertThat(firing(at(12 * 60))).as("one crash, not 1 - 5").isEmpty();
    }

    @Test
    void manyStateChangesAreFlapping() {
        statuses.add(status("api", ServiceState.HEALTHY));
        series.start();
        for (int i = 0; i < 5; i++) {
            change(at(20 * i + 1), "api", ServiceState.HEALTHY, ServiceState.UNHEALTHY, "probe");
            change(at(20 * i + 11), "api", ServiceState.UNHEALTHY, ServiceState.HEALTHY, "probe");
        }
        evaluateFromTo(at(0), at(105));

        assertThat(firing(at(105))).contains(Map.of("alertname", "VigilServiceFlapping", "service", "api",
                "severity", "warning"));
    }

    @Test
    void unhealthyFiresOnlyAfterTwoMinutesAndResolvesWhenHealthyAgain() {
        statuses.add(status("api", ServiceState.HEALTHY));
        series.start();
        change(at(5), "api", ServiceState.HEALTHY, ServiceState.UNHEALTHY, "probe http failed 3 times");

        evaluateFromTo(at(15), at(120));
        assertThat(alerts(at(120), "pending")).containsExactly(Map.of("alertname", "VigilServiceUnhealthy",
                "service", "api", "severity", "warning"));
        assertThat(firing(at(120))).isEmpty();

        evaluateAt(at(135));
        assertThat(firing(at(135))).containsExactly(Map.of("alertname", "VigilServiceUnhealthy", "service", "api",
                "severity", "warning"));

        change(at(140), "api", ServiceState.UNHEALTHY, ServiceState.HEALTHY, "probes pass");
        evaluateAt(at(150));
        assertThat(firing(at(150))).isEmpty();
        assertThat(lastSent("VigilServiceUnhealthy").resolved(at(150))).isTrue();
    }

    @Test
    void anOpenFindingFiresWithItsPredictionAndResolvesWithIt() {
        series.start();
        deliver(new StackEvent.FindingOpened(at(5), "shop", "f-1", Optional.of("api"), "memory", "api", 2e4, 0.98,
                1800, 4e8, 1e9, at(5).plus(Duration.ofHours(6)), "memory of api grows 20 kB/s"));
        evaluateAt(at(15));

        assertThat(firing(at(15))).containsExactly(Map.of("alertname", "VigilFindingOpen", "finding", "f-1",
                "service", "api", "kind", "memory", "subject", "api", "severity", "warning"));
        Alert alert = lastSent("VigilFindingOpen");
        assertThat(alert.annotations()).containsEntry("summary", "memory of api grows towards its limit");
        assertThat(alert.annotations().get("description")).contains("reaches its limit in 5h 59m 50s");

        deliver(new StackEvent.FindingResolved(at(20), "shop", "f-1", Optional.of("api"), "memory", "api", at(5),
                "instance replaced"));
        evaluateAt(at(30));
        assertThat(firing(at(30))).isEmpty();
        assertThat(lastSent("VigilFindingOpen").resolved(at(30))).isTrue();
    }

    @Test
    void aHostFindingHasNoServiceLabel() {
        series.start();
        deliver(new StackEvent.FindingOpened(at(5), "shop", "f-2", Optional.empty(), "disk", "/var", 1e5, 0.97,
                3600, 5e10, 1e11, at(5).plus(Duration.ofDays(2)), "disk /var fills"));
        evaluateAt(at(15));

        assertThat(firing(at(15))).singleElement().satisfies(labels -> {
            assertThat(labels).doesNotContainKey("service");
            assertThat(labels).containsEntry("kind", "disk").containsEntry("subject", "/var");
        });
    }

    @Test
    void hostMemoryAndDiskPressureFireAfterFiveMinutes() {
        series.start();
        memoryAvailable = 0.05;
        diskAvailable = 0.04;
        evaluateFromTo(at(0), at(285));
        assertThat(firing(at(285))).isEmpty();

        evaluateAt(at(300));
        assertThat(firing(at(300))).containsExactlyInAnyOrder(
                Map.of("alertname", "VigilHostMemoryPressure", "severity", "warning"),
                Map.of("alertname", "VigilHostDiskPressure", "mountpoint", "/", "device", "sda1",
                        "severity", "warning"));
        assertThat(lastSent("VigilHostDiskPressure").annotations()).containsEntry("description",
                "Only 4% of / is free.");
    }

    @Test
    void anOverrideInAFreezeIsReportedForTenMinutes() {
        statuses.add(status("api", ServiceState.HEALTHY));
        series.start();
        deliver(new ServiceEvent.OverrideUsed(at(5), "api", Cause.OPERATOR, "alice", "restart", "hotfix",
                List.of("black-friday"), at(3600)));
        evaluateAt(at(15));

        assertThat(firing(at(15))).containsExactly(Map.of("alertname", "VigilOverrideUsedInFreeze", "service", "api",
                "severity", "info"));

        evaluateFromTo(at(30), at(11 * 60));
        assertThat(firing(at(11 * 60))).isEmpty();
    }

    @Test
    void everyRuleIsNamedAsExposedAndCarriesSeverityAndTexts() {
        List<RuleGroup> groups = BuiltinRules.groups();

        assertThat(groups).flatExtracting(RuleGroup::rules).extracting(BuiltinRules::name)
                .containsExactlyElementsOf(BuiltinRules.NAMES);
        assertThat(groups).flatExtracting(RuleGroup::rules).allSatisfy(r -> {
            RuleDefinition.Alerting a = (RuleDefinition.Alerting) r;
            assertThat(a.labels()).containsKey("severity");
            assertThat(a.annotations()).containsKeys("summary", "description");
        });
    }

    @Test
    void promtoolAcceptsTheFile(@TempDir Path dir) throws Exception {
        Path promtool = Path.of(Optional.ofNullable(System.getenv("PROMTOOL")).orElse("/usr/bin/promtool"));
        assertThat(promtool).as("promtool (Debian's prometheus package; or set PROMTOOL)").isExecutable();
        Path file = dir.resolve("builtin-rules.yml");
        Files.writeString(file, BuiltinRules.text());

        Process p = new ProcessBuilder(promtool.toString(), "check", "rules", file.toString())
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();

        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output).contains(BuiltinRules.NAMES.size() + " rules found");
    }

    @Test
    void rulesSwitchedOffByNameAreLeftOut() {
        List<RuleGroup> kept = BuiltinRules.without(BuiltinRules.groups(),
                Set.of(BuiltinRules.SERVICE_FLAPPING, BuiltinRules.HOST_DISK_PRESSURE));

        assertThat(kept).flatExtracting(RuleGroup::rules).extracting(BuiltinRules::name)
                .hasSize(BuiltinRules.NAMES.size() - 2)
                .doesNotContain(BuiltinRules.SERVICE_FLAPPING, BuiltinRules.HOST_DISK_PRESSURE);
        assertThat(BuiltinRules.without(BuiltinRules.groups(), Set.copyOf(BuiltinRules.NAMES))).isEmpty();
    }
}
