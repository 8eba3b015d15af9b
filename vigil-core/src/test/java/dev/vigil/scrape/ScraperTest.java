package dev.vigil.scrape;

import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Reading;
import dev.vigil.time.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.zip.GZIPOutputStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One scrape over a real socket: what a target sends, read whole and labelled, or refused with one line. */
class ScraperTest {

    static final String PROMETHEUS_TEXT = """
            # HELP http_requests_total The total number of HTTP requests.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200"} 1027
            http_requests_total{method="post",code="400"} 3
            # TYPE queue_depth gauge
            queue_depth 12.5
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{le="0.05"} 24054
            http_request_duration_seconds_bucket{le="0.1"} 33444
            http_request_duration_seconds_bucket{le="+Inf"} 144320
            http_request_duration_seconds_sum 53423
            http_request_duration_seconds_count 144320
            # TYPE rpc_duration_seconds summary
            rpc_duration_seconds{quantile="0.01"} 3102
            rpc_duration_seconds{quantile="0.99"} 76656
            rpc_duration_seconds_sum 1.7560473e+07
            rpc_duration_seconds_count 2693
            """;

    private final ManualScheduler clock = new ManualScheduler();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Exporter exporter = new Exporter();

    @AfterEach
    void stop() {
        exporter.close();
        http.close();
    }

    private ScrapeTarget target(String path) {
        return target(exporter.url(path), 1000);
    }

    private static ScrapeTarget target(URI url, int maxSeries) {
        return new ScrapeTarget("web", url, Duration.ofSeconds(15), Duration.ofSeconds(5), maxSeries);
    }

    private ScrapeResult scrape(ScrapeTarget target) {
        return new Scraper(http, target, clock, Map.of()).scrape();
    }

    private ScrapeResult.Success success(ScrapeTarget target) {
        ScrapeResult r = scrape(target);
        assertThat(r).as("%s", r).isInstanceOf(ScrapeResult.Success.class);
        return (ScrapeResult.Success) r;
    }

    private String failure(ScrapeTarget target) {
        ScrapeResult r = scrape(target);
        assertThat(r).as("%s", r).isInstanceOf(ScrapeResult.Failure.class);
        return ((ScrapeResult.Failure) r).reason();
    }

    private static Map<Labels, Double> values(List<Reading> readings) {
        return readings.stream().collect(Collectors.toMap(Reading::labels, Reading::value));
    }

    @Test
    void countersGaugesHistogramsAndSummariesLandWithTheServiceLabel() {
        exporter.serve("/metrics", Exporter.TEXT, PROMETHEUS_TEXT);

        ScrapeResult.Success s = success(target("/metrics"));

        assertThat(s.at()).isEqualTo(clock.now());
        assertThat(s.series()).isEqualTo(12);
        assertThat(s.timestamped()).isEmpty();
        assertThat(values(s.current()))
                .hasSize(12)
                .containsEntry(Labels.metric("http_requests_total", "code", "200", "method", "post", "service", "web"),
                        1027.0)
                .containsEntry(Labels.metric("queue_depth", "service", "web"), 12.5)
                .containsEntry(Labels.metric("http_request_duration_seconds_bucket", "le", "+Inf", "service", "web"),
                        144320.0)
                .containsEntry(Labels.metric("http_request_duration_seconds_sum", "service", "web"), 53423.0)
                .containsEntry(Labels.metric("rpc_duration_seconds", "quantile", "0.99", "service", "web"), 76656.0)
                .containsEntry(Labels.metric("rpc_duration_seconds_count", "service", "web"), 2693.0);
        assertThat(s.current()).allSatisfy(r -> assertThat(r.labels().value("service")).isEqualTo("web"));
    }

    @Test
    void openMetricsIsAskedForFirstAndItsTimestampsAreSeconds() {
        exporter.serve("/metrics", Exporter.OPEN_METRICS, """
                # TYPE jobs counter
                jobs_total{queue="high"} 17.0 1767225500.250
                # TYPE temperature gauge
                temperature 21.5
                # EOF
                """);

        ScrapeResult.Success s = success(target("/metrics"));

        assertThat(exporter.requests()).singleElement().satisfies(h -> {
            assertThat(h.getFirst("Accept")).isEqualTo(Scraper.ACCEPT)
                    .startsWith("application/openmetrics-text;version=1.0.0,");
            assertThat(h.getFirst("Accept-Encoding")).isEqualTo("gzip");
            assertThat(h.getFirst("X-Prometheus-Scrape-Timeout-Seconds")).isEqualTo("5");
        });
        assertThat(s.timestamped()).containsOnlyKeys(1767225500250L);
        assertThat(s.timestamped().get(1767225500250L)).containsExactly(
                new Reading(Labels.metric("jobs_total", "queue", "high", "service", "web"), 17.0));
        assertThat(s.current()).containsExactly(new Reading(Labels.metric("temperature", "service", "web"), 21.5));
    }

    @Test
    void explicitTimestampsAreHonouredOneBatchPerTime() {
        long now = clock.now().toEpochMilli();
        exporter.serve("/metrics", Exporter.TEXT, """
                a 1 1767225000000
                b 2 1767225000000
                c 3 1767225060000
                d 4
                e 5 %d
                """.formatted(now));

        ScrapeResult.Success s = success(target("/metrics"));

        assertThat(s.timestamped()).containsOnlyKeys(1767225000000L, 1767225060000L, now);
        assertThat(s.timestamped().get(1767225000000L)).extracting(r -> r.labels().metricName())
                .containsExactly("a", "b");
        assertThat(s.current()).extracting(r -> r.labels().metricName()).containsExactly("d");
        assertThat(s.batches()).containsOnlyKeys(1767225000000L, 1767225060000L, now);
        assertThat(s.batches().get(now)).extracting(r -> r.labels().metricName()).containsExactlyInAnyOrder("d", "e");
    }

    @Test
    void aServiceLabelTheTargetExposesIsKeptAsExportedService() {
        exporter.serve("/metrics", Exporter.TEXT, """
                jobs{service="queue"} 3
                odd{service="a",exported_service="b"} 1
                """);

        ScrapeResult.Success s = success(target("/metrics"));

        assertThat(s.current()).extracting(Reading::labels).containsExactly(
                Labels.metric("jobs", "exported_service", "queue", "service", "web"),
                Labels.metric("odd", "exported_exported_service", "a", "exported_service", "b", "service", "web"));
    }

    @Test
    void aSeriesThatWouldTakeAScrapeSeriesIsNotKept() {
        exporter.serve("/metrics", Exporter.TEXT, "up 1\nscrape_duration_seconds 9\nup{job=\"x\"} 1\n");

        ScrapeResult.Success s = success(target("/metrics"));

        assertThat(s.current()).extracting(Reading::labels)
                .containsExactly(Labels.metric("up", "job", "x", "service", "web"));
    }

    @Test
    void extraHeadersAndTheUrlsUserGoWithTheRequest() {
        exporter.serve("/metrics", Exporter.TEXT, "a 1\n");
        URI withUser = URI.create(exporter.url("/metrics").toString().replace("://", "://scraper:s3cret@"));

        new Scraper(http, target("/metrics"), clock, Map.of("Authorization", "Bearer tok-123")).scrape();
        new Scraper(http, target(withUser, 10), clock, Map.of()).scrape();

        assertThat(exporter.requests()).extracting(h -> h.getFirst("Authorization"))
                .containsExactly("Bearer tok-123", "Basic c2NyYXBlcjpzM2NyZXQ=");
        assertThat(target(withUser, 10).shown()).doesNotContain("s3cret");
    }

    @Test
    void aHeaderTheClientMayNotSetIsRefusedAtOnce() {
        assertThatThrownBy(() -> new Scraper(http, target("/metrics"), clock, Map.of("Host", "elsewhere")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aGzippedExpositionIsRead() {
        byte[] zipped = gzip(PROMETHEUS_TEXT.getBytes(StandardCharsets.UTF_8));
        exporter.handle("/metrics", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            Exporter.respond(exchange, 200, Exporter.TEXT, zipped);
        });

        assertThat(success(target("/metrics")).series()).isEqualTo(12);
    }

    @Test
    void aTargetThatDoesNotAnswerTimesOut() {
        exporter.hang("/metrics");
        ScrapeTarget slow = new ScrapeTarget("web", exporter.url("/metrics"), Duration.ofSeconds(1),
                Duration.ofMillis(300), 100);

        long start = System.nanoTime();
        assertThat(failure(slow)).isEqualTo("timed out after 300ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anErrorStatusIsTheReason() {
        exporter.status("/metrics", 500);
        exporter.status("/private", 401);

        assertThat(failure(target("/metrics"))).isEqualTo("HTTP 500");
        assertThat(failure(target("/private"))).isEqualTo("HTTP 401");
        assertThat(failure(target("/nothing-here"))).isEqualTo("HTTP 404");
    }

    @Test
    void garbageIsNotAnExposition() {
        exporter.serve("/metrics", "text/html; charset=utf-8", "<html><body>Welcome</body></html>\n");

        assertThat(failure(target("/metrics")))
                .isEqualTo("not a valid exposition (Content-Type text/html): line 1: invalid metric name "
                        + "`<html><body>Welcome</body></html>`");
    }

    @Test
    void anInvalidMetricNameRefusesTheWholeScrape() {
        exporter.serve("/metrics", Exporter.TEXT, "fine_metric 1\nalso_fine 2\n1nvalid 3\n");

        assertThat(failure(target("/metrics")))
                .isEqualTo("not a valid exposition: line 3: invalid metric name `1nvalid`");
    }

    @Test
    void moreSeriesThanMaxSeriesIsRefusedWhole() {
        String many = IntStream.range(0, 5000).mapToObj(i -> "series_" + i + " " + i + "\n")
                .collect(Collectors.joining("", "# TYPE series_0 gauge\n", ""));
        exporter.serve("/metrics", Exporter.TEXT, many);

        assertThat(failure(target(exporter.url("/metrics"), 1000)))
                .isEqualTo("5000 samples over the limit of 1000 series (max_series)");
        assertThat(success(target(exporter.url("/metrics"), 5000)).series()).isEqualTo(5000);
    }

    @Test
    void aBodyWithoutEndIsCutOffAtTheCapAndTheConnectionClosed() throws Exception {
        exporter.endless("/metrics");
        int cap = 1 << 20;

        ScrapeResult r = new Scraper(http, target("/metrics"), clock, Map.of(), cap).scrape();

        assertThat(r).isInstanceOfSatisfying(ScrapeResult.Failure.class,
                f -> assertThat(f.reason()).isEqualTo("response larger than 1M (cut off there)"));
        assertThat(exporter.endlessEnded.await(10, TimeUnit.SECONDS)).as("the server saw the client go").isTrue();
        // Socket buffers on both sides hold a few megabytes at most: the gigabyte was never sent.
        assertThat(exporter.endlessWritten.get()).isLessThan(64L << 20);
    }

    @Test
    void aGzipBombIsCutOffAtTheCapOnceUnpacked() {
        byte[] bomb = gzip(new byte[8 << 20]);
        exporter.handle("/metrics", exchange -> {
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            Exporter.respond(exchange, 200, Exporter.TEXT, bomb);
        });

        ScrapeResult r = new Scraper(http, target("/metrics"), clock, Map.of(), 1 << 20).scrape();

        assertThat(r).isInstanceOfSatisfying(ScrapeResult.Failure.class,
                f -> assertThat(f.reason()).isEqualTo("response larger than 1M (cut off there)"));
    }

    @Test
    void aPortNobodyListensOnIsConnectionRefused() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }

        assertThat(failure(target(URI.create("http://127.0.0.1:" + port + "/metrics"), 10)))
                .isEqualTo("connection refused");
    }

    private static byte[] gzip(byte[] plain) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(plain);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        return out.toByteArray();
    }
}
