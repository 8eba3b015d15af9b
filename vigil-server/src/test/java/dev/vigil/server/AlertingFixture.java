package dev.vigil.server;

import dev.vigil.alerting.MemoryAlertStore;
import dev.vigil.alerting.route.Alert;
import dev.vigil.alerting.run.Alerting;
import dev.vigil.metrics.InMemoryMetricStore;
import dev.vigil.notify.MemoryDeadLetters;
import dev.vigil.stack.Stack;
import dev.vigil.stack.StackLoader;
import dev.vigil.time.ManualScheduler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A daemon whose alerting runs on the test's clock over in-memory stores: one rule group, receivers team and pager. */
final class AlertingFixture implements AutoCloseable {

    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final String RULES = """
            groups:
              - name: api
                interval: 10s
                rules:
                  - alert: ApiDown
                    expr: up{service="api"} == 0
                    for: 20s
                    labels: {severity: critical}
            """;
    private static final String STACK = """
            services:
              api: {command: [sleep, "1000"]}
            alerting:
              rule_files: [rules/*.yml]
              route:
                receiver: team
                group_by: [alertname]
                routes:
                  - matchers: [severity="critical"]
                    receiver: pager
                    continue: true
              receivers:
                - name: team
                - name: pager
            """;

    final ManualScheduler clock = new ManualScheduler(T0);
    final MemoryDeadLetters deadLetters = new MemoryDeadLetters();
    final Alerting alerting;
    final TestDaemon d;

    AlertingFixture(Path dir) {
        Stack stack = stack(dir);
        InMemoryMetricStore metrics = new InMemoryMetricStore();
        alerting = new Alerting(new Alerting.Context(clock, metrics, metrics::append, new MemoryAlertStore(),
                e -> { }, "shop", n -> true, Runnable::run, () -> "http://vigil.test",
                (response, alert) -> java.util.concurrent.CompletableFuture.completedFuture("not taken in tests")));
        alerting.configure(new Alerting.Setup(stack.alerting(), List.of(), Map.of(), (name, at) -> false));
        AlertingPlane.ReceiverTest receivers = new AlertingPlane.ReceiverTest() {
            @Override
            public Optional<List<String>> test(String receiver) {
                return names().contains(receiver) ? Optional.of(List.of("webhook[0]: 200 OK")) : Optional.empty();
            }

            @Override
            public List<String> names() {
                return List.of("pager", "team");
            }
        };
        d = TestDaemon.withAlerting(dir.resolve("daemon"), clock, p -> new AlertingPlane(alerting, deadLetters, receivers));
    }

    private static Stack stack(Path dir) {
        try {
            Files.createDirectories(dir.resolve("rules"));
            Files.createDirectories(dir.resolve("daemon"));
            Files.writeString(dir.resolve("rules/api.yml"), RULES);
            Files.writeString(dir.resolve("vigil.yaml"), STACK);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return StackLoader.parse(STACK, dir.resolve("vigil.yaml"));
    }

    /** Posts one firing alert to the intake, as a Prometheus would; returns its fingerprint. */
    String fire(Map<String, String> labels) {
        Alert a = new Alert(new java.util.TreeMap<>(labels), Map.of("summary", "it broke"), clock.now(),
                Optional.empty(), "http://prometheus.test/graph");
        alerting.post(List.of(a));
        return a.fingerprint();
    }

    @Override
    public void close() {
        d.close();
        alerting.close();
    }
}
