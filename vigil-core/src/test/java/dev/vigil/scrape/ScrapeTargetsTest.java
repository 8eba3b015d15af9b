package dev.vigil.scrape;

import dev.vigil.event.Event;
import dev.vigil.event.ServiceEvent.ScrapeFailed;
import dev.vigil.event.ServiceEvent.ScrapeRecovered;
import dev.vigil.metrics.InMemoryMetricStore;
import dev.vigil.metrics.Matcher;
import dev.vigil.metrics.MetricWriter;
import dev.vigil.metrics.Sample;
import dev.vigil.metrics.Selection;
import dev.vigil.metrics.Series;
import dev.vigil.stack.ServiceMetricsSpec;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.time.ManualScheduler;
import dev.vigil.time.SystemScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The scrape targets of a stack on a manual clock, scraping real HTTP servers into an in-memory store through the
 * metric writer: what lands, what goes stale, what a bad target costs (one event, nothing of its scrape), and how
 * targets follow the stack.
 */
class ScrapeTargetsTest {

    private static final Duration INTERVAL = Duration.ofSeconds(15);
    private static final String GOOD = "# TYPE a_total counter\na_total 1\nb{kind=\"x\"} 2\n";

    private final ManualScheduler scheduler = new ManualScheduler();
    private final Instant t0 = scheduler.now();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Exporter exporter = new Exporter();
    private final InMemoryMetricStore store = new InMemoryMetricStore();
    private final List<RuntimeException> writeFailures = new CopyOnWriteArrayList<>();
    private final MetricWriter writer = new MetricWriter(store, MetricWriter.DEFAULT_QUEUE, writeFailures::add);
    private final List<Event> events = new CopyOnWriteArrayList<>();
    // A phase of zero: each target's first scrape is due at once, the next ones every interval after.
    private ScrapeTargets targets = new ScrapeTargets(http, writer, events::add, scheduler, Runnable::run, () -> 0L);

    @AfterEach
    void stop() {
        targets.close();
        writer.close();
        exporter.close();
        http.close();
        assertThat(writeFailures).isEmpty();
    }

    private ServiceSpec service(String name, String path) {
        return service(name, exporter.url(path), INTERVAL, Duration.ofSeconds(2), 1000);
    }

    private static ServiceSpec service(String name, URI url, Duration interval, Duration timeout, int maxSeries) {
        return ServiceSpec.of(name, List.of("/bin/true"), Path.of("/tmp")).withMetrics(new ServiceMetricsSpec(
                Optional.of(interval), Optional.of(url), Optional.of(timeout), maxSeries));
    }

    private long ms(Duration sinceStart) {
        return t0.plus(sinceStart).toEpochMilli();
    }

    private long at(int seconds) {
        return ms(Duration.ofSeconds(seconds));
    }

    /** Waits until the scrape of {@code service} at {@code ms} is in the store: its {@code up} comes last. */
    private void awaitScrape(String service, long ms) {
        await().until(() -> !samples("up", service, ms).isEmpty());
    }

    private List<Sample> samples(String metric, String service, long ms) {
        return store.select(Selection.of(ms, ms, Matcher.metric(metric), Matcher.eq("service", service))).stream()
                .flatMap(s -> s.samples().stream()).toList();
    }

    /** Every series of the service, by its labels as Prometheus prints them, with its samples. */
    private Map<String, List<Sample>> stored(String service) {
        return store.select(Selection.of(0, Long.MAX_VALUE, Matcher.eq("service", service))).stream()
                .collect(Collectors.toMap(s -> s.labels().toString(), Series::samples));
    }

    private static Sample stale(long ms) {
        return new Sample(ms, Sample.STALE_NAN);
    }

    private <E extends Event> List<E> events(Class<E> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    @Test
    void aTargetIsScrapedAtItsIntervalWithTheScrapeSeriesBesideItsOwn() {
        exporter.serve("/metrics", Exporter.TEXT, ScraperTest.PROMETHEUS_TEXT);

        targets.update(List.of(service("web", "/metrics"), ServiceSpec.of("plain", List.of("x"), Path.of("/tmp"))));
        scheduler.runDue();
        scheduler.advance(INTERVAL);
        awaitScrape("web", at(15));

        Map<String, List<Sample>> web = stored("web");
        assertThat(web).hasSize(12 + 3);
        assertThat(web.get("http_requests_total{code=\"200\", method=\"post\", service=\"web\"}"))
                .containsExactly(new Sample(at(0), 1027), new Sample(at(15), 1027));
        assertThat(web.get("rpc_duration_seconds{quantile=\"0.99\", service=\"web\"}")).hasSize(2);
        assertThat(web.get("up{service=\"web\"}")).containsExactly(new Sample(at(0), 1), new Sample(at(15), 1));
        assertThat(web.get("scrape_samples_scraped{service=\"web\"}")).containsExactly(new Sample(at(0), 12),
                new Sample(at(15), 12));
        // The manual clock stands still while the request runs.
        assertThat(web.get("scrape_duration_seconds{service=\"web\"}")).containsExactly(new Sample(at(0), 0),
                new Sample(at(15), 0));
        assertThat(store.labelValues("service")).containsExactly("web");
        assertThat(targets.reports()).containsExactly(new ScrapeReport("web", exporter.url("/metrics").toString(),
                ScrapeReport.Health.UP, Optional.of(t0.plus(INTERVAL)), Duration.ZERO, "", 12, INTERVAL));
        assertThat(events).isEmpty();
    }

    @Test
    void explicitTimestampsAreStoredAtTheirOwnTimeAndNeverMarkedStale() {
        long earlier = at(-60);
        exporter.serve("/metrics", Exporter.TEXT, "own_time 7 " + earlier + "\nnow_time 8\n");

        targets.update(List.of(service("web", "/metrics")));
        scheduler.runDue();
        awaitScrape("web", at(0));
        exporter.serve("/metrics", Exporter.TEXT, "other 1\n");
        scheduler.advance(INTERVAL);
        awaitScrape("web", at(15));

        Map<String, List<Sample>> web = stored("web");
        assertThat(web.get("own_time{service=\"web\"}")).containsExactly(new Sample(earlier, 7));
        assertThat(web.get("now_time{service=\"web\"}")).containsExactly(new Sample(at(0), 8), stale(at(15)));
    }

    @Test
    void aSeriesMissingFromTheNextScrapeIsMarkedStaleOnce() {
        exporter.serve("/metrics", Exporter.TEXT, "a 1\nb 2\nc 3\n");
        targets.update(List.of(service("web", "/metrics")));
        scheduler.runDue();
        exporter.serve("/metrics", Exporter.TEXT, "a 1\nc 3\n");
        scheduler.advance(INTERVAL);
        scheduler.advance(INTERVAL);
        exporter.serve("/metrics", Exporter.TEXT, "a 1\nb 5\nc 3\n");
        scheduler.advance(INTERVAL);
        awaitScrape("web", at(45));

        Map<String, List<Sample>> web = stored("web");
        assertThat(web.get("b{service=\"web\"}")).containsExactly(new Sample(at(0), 2), stale(at(15)),
                new Sample(at(45), 5));
        assertThat(web.get("a{service=\"web\"}")).hasSize(4).noneMatch(s -> Sample.isStaleMarker(s.value()));
    }

    static Stream<Arguments> badTargets() {
        String many = IntStream.range(0, 5000).mapToObj(i -> "from_bad_scrape_" + i + " 1\n")
                .collect(Collectors.joining());
        Duration enough = Duration.ofSeconds(10);
        return Stream.of(
                Arguments.of("times out", Duration.ofMillis(300), (Consumer<Exporter>) e -> e.hang("/metrics"),
                        "timed out after 300ms"),
                Arguments.of("answers 500", enough, (Consumer<Exporter>) e -> e.status("/metrics", 500), "HTTP 500"),
                Arguments.of("sends garbage", enough, (Consumer<Exporter>) e -> e.serve("/metrics", Exporter.TEXT,
                        "from_bad_scrape 1\n\u0000\u0007 binary {{{\n"),
                        "not a valid exposition: line 2: invalid metric name `\\u0000\\u0007 binary {{{`"),
                Arguments.of("sends 5000 series, 1000 allowed", enough, (Consumer<Exporter>) e -> e.serve("/metrics",
                        Exporter.TEXT, many), "5000 samples over the limit of 1000 series (max_series)"),
                Arguments.of("sends without end", enough, (Consumer<Exporter>) e -> e.endless("/metrics"),
                        "response larger than 32M (cut off there)"),
                Arguments.of("sends an invalid metric name", enough, (Consumer<Exporter>) e -> e.serve("/metrics",
                        Exporter.TEXT, "from_bad_scrape 1\n2xx_requests 2\n"),
                        "not a valid exposition: line 2: invalid metric name `2xx_requests`"));
    }

    @ParameterizedTest(name = "a target that {0}")
    @MethodSource("badTargets")
    void aBadTargetIsOneEventTheTargetDownAndNothingOfItsScrapeStored(String name, Duration timeout,
                                                                      Consumer<Exporter> bad, String reason) {
        exporter.serve("/metrics", Exporter.TEXT, GOOD);
        URI url = exporter.url("/metrics");
        targets.update(List.of(service("web", url, INTERVAL, timeout, 1000)));
        scheduler.runDue();
        bad.accept(exporter);
        scheduler.advance(INTERVAL);
        scheduler.advance(INTERVAL);
        awaitScrape("web", at(30));

        assertThat(events).containsExactly(new ScrapeFailed(t0.plusSeconds(15), "web", url.toString(), reason, 0));
        assertThat(targets.reports()).singleElement().satisfies(r -> {
            assertThat(r.health()).isEqualTo(ScrapeReport.Health.DOWN);
            assertThat(r.lastError()).isEqualTo(reason);
            assertThat(r.series()).isZero();
        });
        Map<String, List<Sample>> web = stored("web");
        assertThat(web).containsOnlyKeys("a_total{service=\"web\"}", "b{kind=\"x\", service=\"web\"}",
                "up{service=\"web\"}", "scrape_duration_seconds{service=\"web\"}",
                "scrape_samples_scraped{service=\"web\"}");
        assertThat(web.get("a_total{service=\"web\"}")).containsExactly(new Sample(at(0), 1), stale(at(15)));
        assertThat(web.get("b{kind=\"x\", service=\"web\"}")).containsExactly(new Sample(at(0), 2), stale(at(15)));
        assertThat(web.get("up{service=\"web\"}")).containsExactly(new Sample(at(0), 1), new Sample(at(15), 0),
                new Sample(at(30), 0));
        assertThat(web.get("scrape_samples_scraped{service=\"web\"}")).containsExactly(new Sample(at(0), 2),
                new Sample(at(15), 0), new Sample(at(30), 0));
    }

    @Test
    void aTargetThatComesBackIsReportedWithHowLongItWasDown() {
        exporter.status("/metrics", 500);
        targets.update(List.of(service("web", "/metrics")));
        scheduler.runDue();
        scheduler.advance(INTERVAL);
        scheduler.advance(INTERVAL);
        exporter.serve("/metrics", Exporter.TEXT, GOOD);
        scheduler.advance(INTERVAL);
        awaitScrape("web", at(45));

        String url = exporter.url("/metrics").toString();
        assertThat(events).containsExactly(new ScrapeFailed(t0, "web", url, "HTTP 500", 0),
                new ScrapeRecovered(t0.plusSeconds(45), "web", url, 45, 3));
        assertThat(events.getLast().message()).isEqualTo("scrape of " + url + " works again after 45s down"
                + " (3 failed scrapes)");
        assertThat(samples("up", "web", at(45))).containsExactly(new Sample(at(45), 1));
        assertThat(samples("a_total", "web", at(45))).containsExactly(new Sample(at(45), 1));
        assertThat(targets.reports()).singleElement()
                .satisfies(r -> assertThat(r.health()).isEqualTo(ScrapeReport.Health.UP));
    }

    @Test
    void whileATargetStaysDownItIsReportedAtMostOnceEveryFiveMinutes() {
        String url = exporter.url("/metrics").toString();
        exporter.status("/metrics", 500);
        targets.update(List.of(service("web", "/metrics")));
        scheduler.runDue();                                     // 0s: down, reported
        scheduler.advance(Duration.ofSeconds(45));              // 15s..45s: the same failure, nothing to say
        exporter.status("/metrics", 503);
        scheduler.advance(Duration.ofSeconds(15));              // 60s: another reason, held back (1)
        exporter.status("/metrics", 500);
        scheduler.advance(Duration.ofSeconds(60));              // 75s: back to 500, held back (2)
        assertThat(events).hasSize(1);

        scheduler.advance(Duration.ofSeconds(180));             // 300s: five minutes on, what was held back is said
        scheduler.advance(Duration.ofMinutes(10));              // then nothing while it stays the same
        exporter.serve("/metrics", Exporter.TEXT, GOOD);
        scheduler.advance(INTERVAL);                            // 915s: back

        assertThat(events).containsExactly(new ScrapeFailed(t0, "web", url, "HTTP 500", 0),
                new ScrapeFailed(t0.plusSeconds(300), "web", url, "HTTP 500", 2),
                new ScrapeRecovered(t0.plusSeconds(915), "web", url, 915, 61));
        assertThat(events.get(1).message()).isEqualTo("scrape of " + url + " failed: HTTP 500 (2 more reports held"
                + " back since the last one)");
    }

    @Test
    void aTargetThatFlapsIsReportedDownAtMostOnceEveryFiveMinutes() {
        String url = exporter.url("/metrics").toString();
        exporter.status("/metrics", 500);
        targets.update(List.of(service("web", "/metrics")));
        scheduler.runDue();                                     // 0s: down, reported
        for (int i = 0; i < 9; i++) {                           // up and down again every 15s until 270s
            exporter.serve("/metrics", Exporter.TEXT, GOOD);
            scheduler.advance(INTERVAL);
            exporter.status("/metrics", 500);
            scheduler.advance(INTERVAL);
        }
        exporter.serve("/metrics", Exporter.TEXT, GOOD);
        scheduler.advance(INTERVAL);                            // 285s: up
        exporter.status("/metrics", 500);
        scheduler.advance(INTERVAL);                            // 300s: down, reported with what was held back

        assertThat(events).containsExactly(new ScrapeFailed(t0, "web", url, "HTTP 500", 0),
                new ScrapeRecovered(t0.plusSeconds(15), "web", url, 15, 1),
                new ScrapeFailed(t0.plusSeconds(300), "web", url, "HTTP 500", 9));
    }

    @Test
    void aPasswordInTheTargetIsNeverShown() {
        URI url = URI.create(exporter.url("/metrics").toString().replace("://", "://scraper:hunter2@"));
        exporter.status("/metrics", 500);
        targets.update(List.of(service("web", url, INTERVAL, Duration.ofSeconds(2), 10)));
        scheduler.runDue();

        assertThat(events(ScrapeFailed.class)).singleElement().satisfies(e -> {
            assertThat(e.target()).doesNotContain("hunter2").contains("scraper:");
            assertThat(e.message()).doesNotContain("hunter2");
        });
        assertThat(targets.reports()).singleElement()
                .satisfies(r -> assertThat(r.target()).doesNotContain("hunter2"));
        assertThat(exporter.requests().getFirst().getFirst("Authorization")).startsWith("Basic ");
    }

    @Test
    void updateAddsChangesAndRemovesTargetsAsTheStackChanges() {
        exporter.serve("/web", Exporter.TEXT, "web_requests 1\n");
        exporter.serve("/api", Exporter.TEXT, "api_requests 2\n");
        targets.update(List.of(service("web", "/web")));
        scheduler.runDue();                                     // 0s: web

        targets.update(List.of(service("web", "/web"), service("api", "/api")));
        scheduler.runDue();                                     // 0s: api too
        assertThat(targets.reports()).extracting(ScrapeReport::service).containsExactly("api", "web");

        scheduler.advance(Duration.ofSeconds(1));
        ServiceSpec slowerApi = service("api", exporter.url("/api"), Duration.ofSeconds(60), Duration.ofSeconds(2),
                1000);
        targets.update(List.of(slowerApi));                     // 1s: web removed, api every minute from now
        awaitScrape("web", at(1));
        assertThat(stored("web")).containsOnlyKeys("web_requests{service=\"web\"}", "up{service=\"web\"}",
                "scrape_duration_seconds{service=\"web\"}", "scrape_samples_scraped{service=\"web\"}")
                .allSatisfy((series, samples) -> assertThat(samples).containsExactly(samples.getFirst(), stale(at(1))));

        scheduler.runDue();                                     // 1s: the changed api target, phase 0
        scheduler.advance(Duration.ofSeconds(119));             // to 120s: api at 61s, nothing more of web
        awaitScrape("api", at(61));

        assertThat(exporter.requests()).hasSize(4);
        assertThat(stored("api").get("api_requests{service=\"api\"}")).extracting(Sample::timestampMs)
                .containsExactly(at(0), at(1), at(61));
        assertThat(stored("web").get("up{service=\"web\"}")).hasSize(2);
        assertThat(targets.reports()).singleElement().satisfies(r -> {
            assertThat(r.service()).isEqualTo("api");
            assertThat(r.interval()).isEqualTo(Duration.ofSeconds(60));
        });
    }

    @Test
    void aHundredTargetsAreSpreadOverTheirInterval() {
        targets = new ScrapeTargets(http, writer, events::add, scheduler, Runnable::run,
                RandomGenerator.of("L64X128MixRandom"));
        exporter.serve("/metrics", Exporter.TEXT, GOOD);
        targets.update(IntStream.range(0, 100).mapToObj(i -> service("svc" + i, "/metrics")).toList());

        scheduler.runDue();
        int atOnce = exporter.requests().size();
        scheduler.advance(INTERVAL.dividedBy(10));
        int inFirstTenth = exporter.requests().size();
        scheduler.advance(INTERVAL.minus(INTERVAL.dividedBy(10)));

        assertThat(atOnce).isLessThan(5);
        assertThat(inFirstTenth).isBetween(2, 25);
        assertThat(exporter.requests()).hasSizeBetween(100, 200);
        assertThat(targets.reports()).hasSize(100)
                .allSatisfy(r -> assertThat(r.health()).isEqualTo(ScrapeReport.Health.UP));
    }

    @Test
    void aTargetRemovedWhileItsScrapeIsInFlightDropsThatScrapeAndEndsItsSeries() {
        ArrayDeque<Runnable> pending = new ArrayDeque<>();
        Runnable drain = () -> {
            for (Runnable next; (next = pending.poll()) != null; ) {
                next.run();
            }
        };
        targets = new ScrapeTargets(http, writer, events::add, scheduler, pending::add, () -> 0L);
        exporter.serve("/metrics", Exporter.TEXT, "a 1\nb 2\n");
        targets.update(List.of(service("web", "/metrics")));
        drain.run();
        scheduler.runDue();
        drain.run();                                            // 0s: a and b
        exporter.serve("/metrics", Exporter.TEXT, "a 1\nc 3\n");
        scheduler.advance(INTERVAL);                            // 15s: the scrape is due, its lane step queued
        pending.poll().run();                                   // it starts: the HTTP call is queued

        targets.update(List.of());                              // removed before the call runs
        drain.run();
        awaitScrape("web", at(15));

        Map<String, List<Sample>> web = stored("web");
        assertThat(web).doesNotContainKey("c{service=\"web\"}");
        assertThat(web.get("a{service=\"web\"}")).containsExactly(new Sample(at(0), 1), stale(at(15)));
        assertThat(web.get("b{service=\"web\"}")).containsExactly(new Sample(at(0), 2), stale(at(15)));
        assertThat(web.get("up{service=\"web\"}")).containsExactly(new Sample(at(0), 1), stale(at(15)));
        assertThat(exporter.requests()).hasSize(2);
    }

    @Test
    void onRealTimeAndVirtualThreadsTargetsAreScrapedAndAStoppedOneEndsItsSeries() {
        try (SystemScheduler clock = new SystemScheduler();
             ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor()) {
            targets = new ScrapeTargets(http, writer, events::add, clock, blocking,
                    RandomGenerator.of("L64X128MixRandom"));
            exporter.serve("/metrics", Exporter.TEXT, GOOD);
            targets.update(List.of(service("web", exporter.url("/metrics"), Duration.ofSeconds(1),
                    Duration.ofSeconds(1), 100)));

            await().until(() -> upSamples().size() >= 2);
            targets.update(List.of());
            await().until(() -> upSamples().stream().anyMatch(s -> Sample.isStaleMarker(s.value())));

            List<Sample> up = upSamples();
            assertThat(up.getLast().value()).isNaN();
            assertThat(up.subList(0, up.size() - 1)).allSatisfy(s -> assertThat(s.value()).isEqualTo(1.0));
            assertThat(events).isEmpty();
        }
    }

    private List<Sample> upSamples() {
        return store.select(Selection.of(0, Long.MAX_VALUE, Matcher.metric("up"))).stream()
                .flatMap(s -> s.samples().stream()).toList();
    }

    @Test
    void closeStopsEveryTarget() {
        exporter.serve("/metrics", Exporter.TEXT, GOOD);
        targets.update(List.of(service("web", "/metrics")));
        scheduler.runDue();

        targets.close();
        scheduler.advance(Duration.ofMinutes(5));

        assertThat(exporter.requests()).hasSize(1);
        assertThat(targets.reports()).isEmpty();
        assertThatThrownBy(() -> targets.update(List.of())).isInstanceOf(IllegalStateException.class);
    }
}
