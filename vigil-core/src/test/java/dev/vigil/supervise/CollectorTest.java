package dev.vigil.supervise;

import dev.vigil.collect.Collector;
import dev.vigil.collect.HostSource;
import dev.vigil.collect.HostUsage;
import dev.vigil.collect.ProbeLatencies;
import dev.vigil.collect.ServiceUsage;
import dev.vigil.metrics.InMemoryMetricStore;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Matcher;
import dev.vigil.metrics.MetricWriter;
import dev.vigil.metrics.Reading;
import dev.vigil.metrics.Sample;
import dev.vigil.metrics.Selection;
import dev.vigil.metrics.Series;
import dev.vigil.scrape.Exposition;
import dev.vigil.scrape.ScrapedSample;
import dev.vigil.stack.ServiceMetricsSpec;
import dev.vigil.stack.ServiceSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

import static dev.vigil.supervise.Specs.aService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/** The collector on the manual clock: what it reads, when, and what it keeps for live views and /metrics. */
class CollectorTest {

    private final Harness h = new Harness();
    private final InMemoryMetricStore store = new InMemoryMetricStore();
    private final MetricWriter writer = new MetricWriter(store, 64, e -> { throw e; });
    private final ProbeLatencies probes = new ProbeLatencies();
    private final List<Instant> hostReads = new ArrayList<>();
    private final HostSource host = at -> {
        hostReads.add(at);
        return new HostSource.HostSample(List.of(new Reading(Labels.metric("host_load1"), 0.5)),
                new HostUsage(at, 2, OptionalDouble.of(0.25), OptionalDouble.of(0.5), 1000, 400, 0, 0, List.of()));
    };

    @AfterEach
    void close() {
        writer.close();
    }

    private Collector started(ServiceSpec... specs) {
        StackSupervisor stack = h.stack(specs);
        stack.start();
        h.drain();
        Collector collector = new Collector(stack, host, writer, h.scheduler, Runnable::run, probes, () -> 7);
        collector.start();
        return collector;
    }

    private List<Sample> samples(String metric, String service) {
        await().atMost(Duration.ofSeconds(5)).until(() -> writer.queued() == 0);
        List<Series> found = store.select(Selection.of(0, Long.MAX_VALUE / 2, Matcher.metric(metric),
                Matcher.eq("service", service)));
        return found.isEmpty() ? List.of() : found.getFirst().samples();
    }

    private long t0() {
        return h.scheduler.now().toEpochMilli();
    }

    @Test
    void eachServiceIsCollectedAtItsOwnIntervalOnWholeMultiplesOfIt() {
        long start = t0(); // 2026-01-01T00:00:00Z: a whole multiple of every interval
        started(aService("api"), aService("fast").withMetrics(new ServiceMetricsSpec(Optional.of(Duration.ofSeconds(1)),
                Optional.empty(), Optional.empty(), 100)));
        h.advance(Duration.ofSeconds(10));

        assertThat(samples("service_memory_rss_bytes", "api")).extracting(Sample::timestampMs)
                .containsExactly(start + 5_000, start + 10_000);
        assertThat(samples("service_memory_rss_bytes", "fast")).extracting(Sample::timestampMs)
                .containsExactly(java.util.stream.LongStream.rangeClosed(1, 10).map(s -> start + s * 1000).boxed()
                        .toArray(Long[]::new));
        // The host and Vigil itself at the stack's interval.
        assertThat(hostReads).containsExactly(Instant.ofEpochMilli(start + 5_000), Instant.ofEpochMilli(start + 10_000));
        assertThat(samples("service_open_fds", "api")).extracting(Sample::value).containsOnly(10.0);
        assertThat(samples("service_fd_limit", "api")).extracting(Sample::value).containsOnly(1024.0);
        assertThat(samples("service_up", "api")).extracting(Sample::value).containsOnly(1.0);
    }

    @Test
    void cpuIsARateBetweenTwoReadingsOfOneInstance() {
        Collector collector = started(aService("api"));
        h.advance(Duration.ofSeconds(5));
        assertThat(collector.services()).singleElement().satisfies(u -> assertThat(u.cpuCores()).isEmpty());

        h.runtime.current("api").cpuSeconds = 2.5; // half a core over the next 5 s
        h.advance(Duration.ofSeconds(5));
        assertThat(collector.services()).singleElement().satisfies(u -> {
            assertThat(u.cpuCores().getAsDouble()).isCloseTo(0.5, within(1e-9));
            assertThat(u.usage().rssBytes()).isEqualTo(10_000_000);
            assertThat(u.memoryLimitBytes()).isZero();
        });

        // A new instance starts its own rate: its counter began again at zero.
        h.runtime.current("api").crash(1);
        h.advance(Duration.ofSeconds(1)); // the restart
        h.advance(Duration.ofSeconds(4));
        assertThat(collector.services()).singleElement().satisfies(u -> assertThat(u.cpuCores()).isEmpty());
        assertThat(samples("service_restarts_total", "api")).extracting(Sample::value).endsWith(1.0);
    }

    @Test
    void aServiceWithoutAnInstanceIsDownAndLeavesTheLiveView() {
        Collector collector = started(aService("api").withRestart(
                dev.vigil.stack.RestartSpec.DEFAULT.withPolicy(dev.vigil.stack.RestartPolicy.NEVER)));
        h.advance(Duration.ofSeconds(5));
        assertThat(collector.services()).extracting(ServiceUsage::service).containsExactly("api");

        h.runtime.current("api").crash(1);
        h.advance(Duration.ofSeconds(5));
        assertThat(samples("service_up", "api")).extracting(Sample::value).containsExactly(1.0, 0.0);
        assertThat(samples("service_memory_rss_bytes", "api")).hasSize(1);
        assertThat(collector.services()).isEmpty();
    }

    @Test
    void theLatestValuesAreAValidExpositionOfTheSameSeries() throws Exception {
        Collector collector = started(aService("api"), aService("web"));
        assertThat(collector.exposition()).isEmpty();
        h.advance(Duration.ofSeconds(5));

        String text = collector.exposition();
        List<ScrapedSample> parsed = Exposition.parse(text, "text/plain; version=0.0.4", 10_000).samples();
        assertThat(parsed).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("service_memory_rss_bytes");
            assertThat(s.labels()).isEqualTo(java.util.Map.of("service", "web"));
            assertThat(s.value()).isEqualTo(10_000_000);
        });
        assertThat(parsed).anySatisfy(s -> {
            assertThat(s.name()).isEqualTo("vigil_event_queue_depth");
            assertThat(s.value()).isEqualTo(7);
        });
        assertThat(parsed).anySatisfy(s -> assertThat(s.name()).isEqualTo("host_load1"));
        assertThat(text).contains("# TYPE service_cpu_seconds_total counter\n", "# TYPE service_threads gauge\n");
    }
}
