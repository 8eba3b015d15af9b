package dev.vigil.server;

import dev.vigil.event.Event;
import dev.vigil.metrics.InMemoryMetricStore;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Matcher;
import dev.vigil.metrics.MetricWriter;
import dev.vigil.metrics.Sample;
import dev.vigil.metrics.Selection;
import dev.vigil.metrics.Series;
import dev.vigil.scrape.ScrapeReport;
import dev.vigil.scrape.ScrapeResult;
import dev.vigil.scrape.ScrapeTarget;
import dev.vigil.scrape.ScrapeTargets;
import dev.vigil.scrape.Scraper;
import dev.vigil.stack.ServiceMetricsSpec;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.time.ManualScheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Vigil scrapes its own {@code GET /metrics} (the real ApiServer, the real meters) with a viewer token. */
class ScrapeOwnMetricsTest {

    @TempDir
    Path dir;

    @Test
    void everySampleOfVigilsOwnMetricsLandsInTheStore() {
        try (TestDaemon d = TestDaemon.withVigilMetrics(dir)) {
            await().until(() -> d.get("/metrics", d.viewer).body().contains("service=\"db\",state=\"running\"} 1"));
            ManualScheduler clock = new ManualScheduler();
            InMemoryMetricStore store = new InMemoryMetricStore();
            List<Event> events = new CopyOnWriteArrayList<>();
            ServiceSpec vigil = ServiceSpec.of("vigil", List.of("vigil"), dir).withMetrics(new ServiceMetricsSpec(
                    Optional.of(Duration.ofSeconds(15)), Optional.of(d.uri("/metrics")), Optional.empty(), 10_000));

            try (MetricWriter writer = new MetricWriter(store, MetricWriter.DEFAULT_QUEUE, e -> { });
                 ScrapeTargets targets = new ScrapeTargets(d.http, writer, events::add, clock, Runnable::run,
                         () -> 0L, target -> Map.of("Authorization", "Bearer " + d.viewer))) {
                targets.update(List.of(vigil));
                clock.runDue();

                ScrapeReport report = targets.reports().getFirst();
                assertThat(report.health()).as(report.lastError()).isEqualTo(ScrapeReport.Health.UP);
                assertThat(report.series()).isGreaterThan(50);
                long at = clock.now().toEpochMilli();
                Labels up = Labels.metric("up", "service", "vigil");
                await().until(() -> !store.select(Selection.of(at, at, Matcher.metric("up"))).isEmpty());

                List<Series> stored = store.select(Selection.of(at, at, Matcher.eq("service", "vigil")));
                // Every series of the exposition, and up, scrape_duration_seconds and scrape_samples_scraped.
                assertThat(stored).hasSize(report.series() + 3)
                        .allSatisfy(s -> assertThat(s.samples()).hasSize(1));
                assertThat(store.stats().outOfOrder() + store.stats().conflicts()).isZero();
                assertThat(stored).filteredOn(s -> s.labels().equals(up)).singleElement()
                        .satisfies(s -> assertThat(s.samples()).containsExactly(new Sample(at, 1)));
                // The service label Vigil's exposition gives is kept aside; the target's is the scraped service.
                Labels dbRunning = Labels.metric("vigil_service_state", "exported_service", "db", "service",
                        "vigil", "state", "running");
                assertThat(stored).filteredOn(s -> s.labels().equals(dbRunning)).singleElement()
                        .satisfies(s -> assertThat(s.samples()).containsExactly(new Sample(at, 1)));
                assertThat(stored).extracting(s -> s.labels().metricName())
                        .contains("vigil_info", "jvm_memory_used_bytes", "vigil_events_total");
                assertThat(events).isEmpty();
            }
        }
    }

    @Test
    void withoutATokenTheScrapeFailsWith401() {
        try (TestDaemon d = TestDaemon.withVigilMetrics(dir)) {
            ScrapeTarget target = new ScrapeTarget("vigil", d.uri("/metrics"), Duration.ofSeconds(15),
                    Duration.ofSeconds(5), 10_000);

            ScrapeResult anonymous = new Scraper(d.http, target, new ManualScheduler(), Map.of()).scrape();

            assertThat(anonymous).isInstanceOfSatisfying(ScrapeResult.Failure.class,
                    f -> assertThat(f.reason()).isEqualTo("HTTP 401"));
        }
    }
}
