package dev.vigil.supervise;

import dev.vigil.event.Cause;
import dev.vigil.event.ServiceEvent;
import dev.vigil.event.StackEvent;
import dev.vigil.finding.Finding;
import dev.vigil.finding.FindingWatcher;
import dev.vigil.finding.TrendDetector;
import dev.vigil.metrics.InMemoryMetricStore;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Reading;
import dev.vigil.stack.MemoryLimit;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Stack;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.LongToDoubleFunction;

import static dev.vigil.supervise.Specs.aService;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The finding detectors over a store on the manual clock: a leak is found with its evidence and acted on before
 * the crossing, a freeze holds the action, and findings resolve when their instance goes or the growth stops.
 */
class FindingWatcherTest {

    private static final long MB = 1 << 20;

    private final Harness h = new Harness();
    private final InMemoryMetricStore store = new InMemoryMetricStore();

    private static ServiceSpec leaking(boolean predict) {
        return aService("api").withMemoryLimit(new MemoryLimit(200 * MB, 3, Duration.ofSeconds(1), predict,
                Duration.ofMinutes(1)));
    }

    private FindingWatcher watching(StackSupervisor stack) {
        stack.start();
        h.drain();
        return new FindingWatcher(stack, store, h.events::add, h.scheduler, Runnable::run, Duration.ofSeconds(10),
                TrendDetector.Settings.DEFAULT, FindingWatcher.DISK);
    }

    /** One sample a second of {@code value(seconds since start)} from now on, for {@code seconds}. */
    private void feed(String metric, String service, int seconds, LongToDoubleFunction value) {
        for (int s = 1; s <= seconds; s++) {
            h.advance(Duration.ofSeconds(1));
            store.append(h.scheduler.now().toEpochMilli(), List.of(new Reading(Labels.metric(metric, "service", service),
                    value.applyAsDouble(s))));
        }
    }

    @Test
    void aLeakIsFoundWithItsEvidenceAndRestartedBeforeItCrossesItsLimit() {
        StackSupervisor stack = h.stack(leaking(true));
        FindingWatcher watcher = watching(stack);
        String first = h.runtime.current("api").id();
        // 100 MB, then +0.5 MB/s: 200 MB after 200 s.
        feed("service_memory_rss_bytes", "api", 60, s -> 100 * MB + s * MB / 2);
        watcher.evaluate();

        assertThat(watcher.open()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("memory:api");
            assertThat(f.resource()).isEqualTo(Finding.Resource.MEMORY);
            assertThat(f.service()).contains("api");
            assertThat(f.slopePerSecond()).isCloseTo(MB / 2.0, within(MB / 100.0));
            assertThat(f.limit()).isEqualTo(200 * MB);
            assertThat(f.summary()).startsWith("leak: RSS +30M/min over ").contains("R² 1.00, reaches 200M in ~");
        });
        StackEvent.FindingOpened opened = h.events(StackEvent.FindingOpened.class).getFirst();
        assertThat(opened.service()).contains("api");
        assertThat(opened.reachesAt()).isEqualTo(watcher.open().getFirst().reachesAt());
        // Not yet acted on: more than a minute to go.
        assertThat(h.runtime.started("api")).hasSize(1);

        feed("service_memory_rss_bytes", "api", 90, s -> 130 * MB + s * MB / 2);
        watcher.evaluate();
        h.drain();
        assertThat(h.events(ServiceEvent.RestartScheduled.class, "api")).singleElement().satisfies(r -> {
            assertThat(r.cause()).isEqualTo(Cause.PREDICTED);
            assertThat(r.reason()).startsWith("memory predicted to reach 200M in ");
        });
        h.advance(Duration.ofSeconds(1));
        assertThat(h.runtime.started("api")).hasSize(2);

        // The instance it was about is gone: the finding resolves on the next look.
        assertThat(h.runtime.current("api").id()).isNotEqualTo(first);
        watcher.evaluate();
        assertThat(watcher.open()).isEmpty();
        assertThat(h.events(StackEvent.FindingResolved.class)).singleElement().satisfies(r -> {
            assertThat(r.finding()).isEqualTo("memory:api");
            assertThat(r.reason()).isEqualTo("the instance it was about is no longer running");
        });

        // The same growth in the next instance, again on less than 10 minutes of evidence: it may be a slow
        // warm-up, so it is reported but not acted on until the memory limit proves a leak real.
        feed("service_memory_rss_bytes", "api", 150, s -> 100 * MB + s * MB / 2);
        watcher.evaluate();
        h.drain();
        assertThat(watcher.open()).hasSize(1);
        assertThat(h.events(ServiceEvent.RestartScheduled.class, "api")).hasSize(1);

        watcher.limitReached("api");
        watcher.evaluate();
        h.drain();
        assertThat(h.events(ServiceEvent.RestartScheduled.class, "api")).hasSize(2);
    }

    @Test
    void withoutPredictAFindingIsOnlyReportedAndResolvesWhenTheGrowthStops() {
        FindingWatcher watcher = watching(h.stack(leaking(false)));
        feed("service_memory_rss_bytes", "api", 150, s -> 100 * MB + s * MB / 2);
        watcher.evaluate();
        assertThat(watcher.open()).hasSize(1);
        assertThat(h.runtime.started("api")).hasSize(1);

        // Flat from here: three quiet looks in a row resolve it, not one.
        feed("service_memory_rss_bytes", "api", 30 * 60, s -> 175 * MB);
        watcher.evaluate();
        watcher.evaluate();
        assertThat(watcher.open()).hasSize(1);
        watcher.evaluate();
        assertThat(watcher.open()).isEmpty();
        assertThat(h.events(StackEvent.FindingResolved.class)).singleElement()
                .satisfies(r -> assertThat(r.reason()).isEqualTo("no longer growing towards its limit"));
    }

    @Test
    void aFreezeHoldsThePredictedRestartAndTheFindingStaysOpen() {
        Supervisor.Context frozen = h.frozen();
        StackSupervisor stack = new StackSupervisor(new Stack("test", Path.of("/tmp/vigil.yaml"),
                List.of(leaking(true))), frozen, name -> frozen.blocking(), 4);
        FindingWatcher watcher = watching(stack);

        feed("service_memory_rss_bytes", "api", 170, s -> 100 * MB + s * MB / 2);
        watcher.evaluate();
        watcher.evaluate();
        h.drain();

        assertThat(h.runtime.started("api")).hasSize(1);
        assertThat(watcher.open()).hasSize(1);
        // Refused once and recorded; not asked again every look while the freeze lasts.
        assertThat(h.events(ServiceEvent.DisruptionRefused.class, "api")).singleElement().satisfies(r -> {
            assertThat(r.cause()).isEqualTo(Cause.PREDICTED);
            assertThat(r.until()).isEqualTo(Instant.parse("2026-01-01T02:00:00Z"));
        });
    }

    @Test
    void aFilesystemFillingUpIsFoundFromItsSizeAndFreeSpace() {
        FindingWatcher watcher = watching(h.stack(aService("api")));
        long size = 100_000 * MB;
        Instant start = h.scheduler.now();
        for (int m = 1; m <= 60; m++) {
            h.advance(Duration.ofMinutes(1));
            long at = h.scheduler.now().toEpochMilli();
            store.append(at, List.of(
                    new Reading(Labels.metric("host_filesystem_size_bytes", "mountpoint", "/var", "device", "/dev/vdb",
                            "fstype", "ext4"), size),
                    new Reading(Labels.metric("host_filesystem_avail_bytes", "mountpoint", "/var", "device", "/dev/vdb",
                            "fstype", "ext4"), size - 90_000 * MB - m * 100 * MB)));
        }
        assertThat(Duration.between(start, h.scheduler.now())).isEqualTo(Duration.ofHours(1));
        watcher.evaluate();

        assertThat(watcher.open()).singleElement().satisfies(f -> {
            assertThat(f.id()).isEqualTo("disk:/var");
            assertThat(f.service()).isEmpty();
            assertThat(f.summary()).startsWith("disk /var filling: +100M/min over ").contains("full in ~");
        });
    }

    @Test
    void noFindingForAFlatSeriesOrASawtooth() {
        FindingWatcher watcher = watching(h.stack(leaking(false)));
        // A collector's sawtooth: climbs 20 MB over 50 s, drops back, again and again, no higher each time.
        feed("service_memory_rss_bytes", "api", 20 * 60, s -> 100 * MB + (s % 50) * 400_000L);
        watcher.evaluate();
        assertThat(watcher.open()).isEmpty();
        assertThat(h.events(StackEvent.FindingOpened.class)).isEmpty();
    }
}
