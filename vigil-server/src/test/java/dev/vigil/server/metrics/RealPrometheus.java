package dev.vigil.server.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/**
 * A real Prometheus server, started as a process, that scrapes one target every second with a bearer token,
 * and a client of its HTTP API: proof that what Vigil serves is what Prometheus reads.
 * Close it (try-with-resources) so that no Prometheus outlives the test.
 */
public final class RealPrometheus implements AutoCloseable {

    public static final Path DEFAULT_BINARY = Path.of("/usr/bin/prometheus");
    /** Set to {@code 1} (CI does) to make a missing Prometheus fail the test instead of skipping it. */
    public static final String REQUIRE_ENV = "VIGIL_REQUIRE_PROMETHEUS";
    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Process process;
    private final URI url;
    private final Path log;
    private final Thread reaper;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private RealPrometheus(Process process, URI url, Path log) {
        this.process = process;
        this.url = url;
        this.log = log;
        // Should the test JVM end without closing this (a crash, a kill of the fork), take Prometheus along.
        this.reaper = new Thread(process::destroyForcibly, "prometheus-reaper");
        java.lang.Runtime.getRuntime().addShutdownHook(reaper);
    }

    /**
     * The Prometheus binary ({@code $PROMETHEUS} or {@link #DEFAULT_BINARY}). When there is none the calling test
     * fails if {@value #REQUIRE_ENV}=1 is set, and is skipped otherwise.
     */
    public static Path binary() {
        Path binary = Optional.ofNullable(System.getenv("PROMETHEUS")).map(Path::of).orElse(DEFAULT_BINARY);
        if (Files.isExecutable(binary)) {
            return binary;
        }
        String missing = "no Prometheus at " + binary + " (apt-get install prometheus, or set PROMETHEUS)";
        if ("1".equals(System.getenv(REQUIRE_ENV))) {
            throw new AssertionError(missing + ", and " + REQUIRE_ENV + "=1 requires it");
        }
        Assumptions.abort(missing + "; skipped (set " + REQUIRE_ENV + "=1 to fail instead)");
        throw new AssertionError("unreachable");
    }

    /**
     * Starts Prometheus scraping {@code metrics} every second with the bearer token in {@code tokenFile}, keeping
     * its configuration, data and log under {@code dir}; returns once its API answers.
     */
    public static RealPrometheus scraping(URI metrics, Path tokenFile, Path dir) {
        Path binary = binary();
        try {
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, config(metrics, tokenFile));
            Path log = dir.resolve("prometheus.log");
            int port = freePort();
            Process process = new ProcessBuilder(binary.toString(),
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            RealPrometheus prometheus = new RealPrometheus(process, URI.create("http://127.0.0.1:" + port), log);
            try {
                prometheus.awaitReady();
            } catch (RuntimeException | AssertionError e) {
                prometheus.close();
                throw e;
            }
            return prometheus;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String config(URI metrics, Path tokenFile) {
        return """
                global:
                  scrape_interval: 1s
                  scrape_timeout: 1s
                scrape_configs:
                  - job_name: vigil
                    scheme: %s
                    metrics_path: %s
                    authorization:
                      type: Bearer
                      credentials_file: %s
                    static_configs:
                      - targets: ['%s']
                """.formatted(metrics.getScheme(), metrics.getRawPath(), tokenFile.toAbsolutePath(),
                metrics.getRawAuthority());
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private void awaitReady() {
        // Until it listens, connecting is refused: that is "not ready yet", not a failure.
        await("Prometheus ready at " + url).atMost(STARTUP).pollInterval(Duration.ofMillis(100))
                .ignoreExceptionsInstanceOf(UncheckedIOException.class)
                .failFast(this::assertAlive)
                .until(() -> get("/-/ready").statusCode() == 200);
    }

    private void assertAlive() {
        if (!process.isAlive()) {
            throw new AssertionError("Prometheus exited with " + process.exitValue() + ":\n" + logTail());
        }
    }

    public URI url() {
        return url;
    }

    /** The result of an instant query, one sample per series. */
    public List<Sample> query(String promql) {
        JsonNode body = api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        List<Sample> samples = new ArrayList<>();
        for (JsonNode r : body.path("data").path("result")) {
            Map<String, String> labels = new LinkedHashMap<>();
            r.path("metric").properties().forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
            samples.add(new Sample(labels, Double.parseDouble(r.path("value").path(1).asText())));
        }
        return samples;
    }

    /** Waits until the query returns a sample that matches, and returns it. */
    public Sample awaitSample(String promql, Predicate<Sample> wanted, Duration atMost) {
        try {
            return await("a sample of " + promql).atMost(atMost).pollInterval(Duration.ofMillis(200))
                    .failFast(this::assertAlive)
                    .until(() -> query(promql).stream().filter(wanted).findFirst(), Optional::isPresent)
                    .orElseThrow();
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("no matching sample of " + promql + " within " + atMost + "; targets: "
                    + targets() + "; query result: " + query(promql), e);
        }
    }

    /** The active scrape targets and their health ({@code up}, {@code down}, {@code unknown}). */
    public List<Target> targets() {
        List<Target> targets = new ArrayList<>();
        for (JsonNode t : api("/api/v1/targets?state=active").path("data").path("activeTargets")) {
            targets.add(new Target(t.path("scrapeUrl").asText(), t.path("health").asText(),
                    t.path("lastError").asText()));
        }
        return targets;
    }

    private JsonNode api(String pathAndQuery) {
        HttpResponse<String> response = get(pathAndQuery);
        try {
            JsonNode body = JSON.readTree(response.body());
            if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
                throw new AssertionError("Prometheus " + pathAndQuery + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            return body;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> get(String pathAndQuery) {
        try {
            return http.send(HttpRequest.newBuilder(url.resolve(pathAndQuery)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The last lines Prometheus logged, for failure messages. */
    public String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Stops Prometheus (SIGTERM, then SIGKILL after ten seconds) and waits until it is gone. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            java.lang.Runtime.getRuntime().removeShutdownHook(reaper);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /** One series of a query result. */
    public record Sample(Map<String, String> labels, double value) {
        public String label(String name) {
            return labels.getOrDefault(name, "");
        }
    }

    /** One scrape target as Prometheus sees it. */
    public record Target(String scrapeUrl, String health, String lastError) {
    }
}
