package dev.vigil.alerting.rules;

import dev.vigil.alerting.AlertState;
import dev.vigil.alerting.MemoryAlertStore;
import dev.vigil.alerting.RuleAlert;
import dev.vigil.alerting.route.Alert;
import dev.vigil.metrics.InMemoryMetricStore;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Matcher;
import dev.vigil.metrics.Reading;
import dev.vigil.metrics.Selection;
import dev.vigil.metrics.Series;
import dev.vigil.promql.Engine;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** A rule group evaluated over a real metric store (in memory), evaluation by evaluation. */
class RuleEvaluatorTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private final InMemoryMetricStore metrics = new InMemoryMetricStore();
    private final MemoryAlertStore state = new MemoryAlertStore();
    private final List<List<Alert>> sent = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();

    private final RuleGroup group = new RuleGroup(Path.of("rules/api.yml"), "api", Optional.empty(), 0, List.of(
            new RuleDefinition.Recording("service:errors:rate1m", "sum by (service) (rate(errors_total[1m]))",
                    Map.of("team", "api"), 4),
            new RuleDefinition.Alerting("HighErrors", "service:errors:rate1m > 0.5", Duration.ofSeconds(30),
                    Duration.ZERO, Map.of("severity", "critical"),
                    Map.of("summary", "{{ $labels.service }} fails {{ $value | printf \"%.1f\" }}/s",
                            "others", "{{ range query \"service:errors:rate1m\" }}{{ .Labels.service }} {{ end }}"), 7),
            new RuleDefinition.Alerting("Broken", "errors_total + on() errors_total", Duration.ZERO, Duration.ZERO,
                    Map.of(), Map.of(), 12)));

    private RuleEvaluator evaluator() {
        return new RuleEvaluator(group, Duration.ofSeconds(15), new Engine(metrics), metrics::append, sent::add, state,
                Map.of(), "", (g, rule, message) -> problems.add(rule + ": " + message));
    }

    /** errors_total of api grows 1/s, of web 0.1/s, sampled every 15 s from T0 - 2m. */
    private void errorsUntil(Instant end) {
        for (Instant t = T0.minus(Duration.ofMinutes(2)); !t.isAfter(end); t = t.plusSeconds(15)) {
            double s = Duration.between(T0.minus(Duration.ofMinutes(2)), t).toSeconds();
            metrics.append(t.toEpochMilli(), List.of(
                    new Reading(Labels.metric("errors_total", "service", "api"), s),
                    new Reading(Labels.metric("errors_total", "service", "web"), s / 10)));
        }
    }

    private List<Series> series(String name, Instant at) {
        return metrics.select(new Selection(List.of(Matcher.metric(name)), at.toEpochMilli(), at.toEpochMilli()));
    }

    @Test
    void recordingFeedsTheAlertAfterItWhichGoesPendingThenFiringWithItsTemplatesExpanded() {
        errorsUntil(T0.plusSeconds(60));
        RuleEvaluator rules = evaluator();

        rules.evaluate(T0);
        assertThat(series("service:errors:rate1m", T0)).extracting(s -> s.labels().value("service"))
                .containsExactlyInAnyOrder("api", "web");
        assertThat(series("service:errors:rate1m", T0)).allSatisfy(s -> assertThat(s.labels().value("team")).isEqualTo("api"));
        assertThat(series("ALERTS", T0)).singleElement().satisfies(s -> {
            assertThat(s.labels().value("alertstate")).isEqualTo("pending");
            assertThat(s.labels().value("service")).isEqualTo("api");
        });
        assertThat(sent).as("a pending alert is not sent").isEmpty();

        rules.evaluate(T0.plusSeconds(30));
        assertThat(sent).hasSize(1);
        Alert alert = sent.get(0).get(0);
        assertThat(alert.labels()).containsExactly(Map.entry("alertname", "HighErrors"), Map.entry("service", "api"),
                Map.entry("severity", "critical"), Map.entry("team", "api"));
        assertThat(alert.annotations()).containsEntry("summary", "api fails 1.0/s").containsEntry("others", "api web ");
        assertThat(alert.startsAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(alert.endsAt()).as("valid for four resends").contains(T0.plusSeconds(30).plus(Duration.ofMinutes(4)));
        assertThat(series("ALERTS", T0.plusSeconds(30))).singleElement()
                .satisfies(s -> assertThat(s.labels().value("alertstate")).isEqualTo("firing"));
        assertThat(state.ruleAlerts().get("rules/api.yml/api/HighErrors")).singleElement()
                .satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.FIRING));
        assertThat(problems).singleElement().asString().startsWith("Broken: ")
                .contains("many-to-many matching not allowed");
    }

    @Test
    void aRestartKeepsForRunningAndAResolutionIsSent() {
        errorsUntil(T0.plusSeconds(60));
        evaluator().evaluate(T0);

        RuleEvaluator again = evaluator(); // as after a restart: state read back from the store
        again.evaluate(T0.plusSeconds(30));
        assertThat(sent).as("for counted from before the restart").hasSize(1);

        // errors stop: the rate falls to 0 once the last minute holds no increase
        for (Instant t = T0.plusSeconds(75); !t.isAfter(T0.plusSeconds(240)); t = t.plusSeconds(15)) {
            metrics.append(t.toEpochMilli(), List.of(new Reading(Labels.metric("errors_total", "service", "api"), 180),
                    new Reading(Labels.metric("errors_total", "service", "web"), 18)));
        }
        again.evaluate(T0.plusSeconds(240));
        Alert resolved = sent.get(sent.size() - 1).get(0);
        assertThat(resolved.endsAt()).contains(T0.plusSeconds(240));
        assertThat(resolved.resolved(T0.plusSeconds(240))).isTrue();
        assertThat(series("ALERTS", T0.plusSeconds(240))).as("no ALERTS sample for a resolved alert at that time")
                .allSatisfy(s -> assertThat(s.samples()).noneMatch(p -> p.timestampMs() == T0.plusSeconds(240).toEpochMilli()));
        List<RuleAlert> kept = state.ruleAlerts().get("rules/api.yml/api/HighErrors");
        assertThat(kept).singleElement().satisfies(a -> assertThat(a.state()).isEqualTo(AlertState.INACTIVE));
    }
}
