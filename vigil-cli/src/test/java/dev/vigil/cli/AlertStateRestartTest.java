package dev.vigil.cli;

import dev.vigil.alerting.Matchers;
import dev.vigil.alerting.Silence;
import dev.vigil.alerting.route.Notification;
import dev.vigil.alerting.run.Alerting;
import dev.vigil.metrics.InMemoryMetricStore;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Reading;
import dev.vigil.stack.Stack;
import dev.vigil.stack.StackLoader;
import dev.vigil.store.SqliteAlertStore;
import dev.vigil.time.ManualScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Alert state in a real SQLite file across a restart of Vigil: a rule's {@code for} does not start over, a notified
 * alert is not notified again, its resolution is still told, and silences and acknowledgements are still there.
 */
class AlertStateRestartTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    Path dir;
    private final ManualScheduler clock = new ManualScheduler(T0);
    private final InMemoryMetricStore metrics = new InMemoryMetricStore();
    private final List<Notification> sent = new ArrayList<>();

    private Stack stack() throws Exception {
        Files.writeString(dir.resolve("rules.yml"), """
                groups:
                  - name: g
                    interval: 10s
                    rules:
                      - alert: Down
                        expr: up == 0
                        for: 30s
                        labels: {severity: critical}
                """);
        String text = """
                services:
                  api: {command: [sleep, "1"]}
                alerting:
                  rule_files: [rules.yml]
                  route: {receiver: team, group_by: [service], group_wait: 0s, group_interval: 10s}
                  receivers: [{name: team}]
                """;
        return StackLoader.parse(text, dir.resolve("vigil.yaml"));
    }

    private Alerting start(SqliteAlertStore store, Stack stack) {
        Alerting a = new Alerting(new Alerting.Context(clock, metrics, metrics::append, store, e -> { }, "shop",
                sent::add, Runnable::run, () -> "", (r, alert) -> CompletableFuture.completedFuture("")));
        a.configure(new Alerting.Setup(stack.alerting(), List.of(), Map.of(), (name, at) -> false));
        return a;
    }

    private void samples(String service, double up, Duration length) {
        Instant end = clock.now().plus(length);
        while (clock.now().isBefore(end)) {
            metrics.append(clock.now().toEpochMilli(), List.of(new Reading(Labels.metric("up", "service", service), up)));
            clock.advance(Duration.ofSeconds(5));
        }
    }

    @Test
    void nothingIsLostOrRepeatedAcrossARestart() throws Exception {
        Stack stack = stack();
        Path db = dir.resolve("vigil.db");
        SqliteAlertStore first = SqliteAlertStore.open(db);
        Alerting before = start(first, stack);
        samples("api", 0, Duration.ofSeconds(50));
        samples("web", 0, Duration.ofSeconds(20)); // web pending, 20 s of its 30 s `for` passed
        assertThat(sent).hasSize(1);
        Silence silence = before.silence(new Silence("", Matchers.parseAll("{service=\"db\"}"), clock.now(),
                clock.now().plus(Duration.ofHours(1)), "ana", "maintenance"));
        before.ack(before.alerts().stream().filter(l -> l.alert().labels().get("service").equals("api"))
                .findFirst().orElseThrow().fingerprint(), Duration.ofHours(1), "ana", "on it");
        before.close();
        first.close();

        SqliteAlertStore second = SqliteAlertStore.open(db);
        Alerting after = start(second, stack);
        assertThat(after.silences()).extracting(Silence::id).containsExactly(silence.id());
        samples("web", 0, Duration.ofSeconds(25));
        assertThat(sent).as("web fired 30 s after it became pending, counting the time before the restart")
                .hasSize(2);
        assertThat(sent.get(1).firing()).extracting(a -> a.labels().get("service")).containsExactly("web");
        assertThat(after.alerts().stream().filter(l -> l.alert().labels().get("service").equals("api")))
                .singleElement().satisfies(l -> assertThat(l.ack()).isPresent());

        samples("api", 1, Duration.ofSeconds(20));
        assertThat(sent).as("api was not told again, and its resolution is").hasSize(3);
        assertThat(sent.get(2).resolved()).extracting(a -> a.labels().get("service")).containsExactly("api");
        after.close();
        second.close();
    }
}
