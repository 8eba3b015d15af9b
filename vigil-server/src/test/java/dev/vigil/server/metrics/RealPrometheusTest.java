package dev.vigil.server.metrics;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.scrape.Exposition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.vigil.server.metrics.StackWorld.aService;
import static org.assertj.core.api.Assertions.assertThat;

/** A real Prometheus scrapes VigilMetrics over HTTP with a bearer token and reads the series back. */
class RealPrometheusTest {

    @TempDir
    Path dir;

    private final String token = HexFormat.of().formatHex(randomBytes());
    private StackWorld world;
    private HttpServer server;
    private URI metricsUrl;

    private static byte[] randomBytes() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return b;
    }

    @BeforeEach
    void serveMetrics() throws IOException {
        world = new StackWorld(aService("web"), aService("worker"));
        world.start();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metrics", exchange -> {
            try (exchange) {
                if (!("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer");
                    exchange.sendResponseHeaders(401, -1);
                    return;
                }
                byte[] body = world.metrics.scrape().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", VigilMetrics.CONTENT_TYPE);
                exchange.sendResponseHeaders(200, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        });
        server.start();
        metricsUrl = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metrics");
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
        if (world != null) {
            world.metrics.close();
        }
    }

    @Test
    void theEndpointRefusesAScrapeWithoutTheToken() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> anonymous = http.send(HttpRequest.newBuilder(metricsUrl).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> wrong = http.send(HttpRequest.newBuilder(metricsUrl)
                .header("Authorization", "Bearer not-" + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(wrong.statusCode()).isEqualTo(401);
    }

    @Test
    void prometheusScrapesWithItsTokenFileAndReadsTheServiceStatesBack() throws Exception {
        Path tokenFile = Files.writeString(dir.resolve("token"), token + "\n");

        RealPrometheus started;
        try (RealPrometheus prometheus = RealPrometheus.scraping(metricsUrl, tokenFile, dir)) {
            started = prometheus;
            RealPrometheus.Sample running = prometheus.awaitSample("vigil_service_state",
                    s -> s.label("service").equals("web") && s.label("state").equals("running"),
                    Duration.ofSeconds(20));
            assertThat(running.value()).isEqualTo(1.0);
            assertThat(running.label("job")).isEqualTo("vigil");

            assertThat(prometheus.query("vigil_service_state{service=\"web\",state=\"pending\"}"))
                    .singleElement().extracting(RealPrometheus.Sample::value).isEqualTo(0.0);
            assertThat(prometheus.query("sum by (service) (vigil_service_state)"))
                    .hasSize(2).allSatisfy(s -> assertThat(s.value()).isEqualTo(1.0));
            assertThat(prometheus.query("vigil_info")).singleElement()
                    .satisfies(s -> assertThat(s.label("version")).isEqualTo("1.2.3-test"));
            assertThat(prometheus.targets()).singleElement().satisfies(t -> {
                assertThat(t.scrapeUrl()).isEqualTo(metricsUrl.toString());
                assertThat(t.health()).as("target health (last error: %s)", t.lastError()).isEqualTo("up");
            });

            // Vigil's scrape parser reads what the real Prometheus exposes about itself (the text format: this
            // Prometheus does not offer OpenMetrics on its own /metrics), and Vigil's own exposition.
            HttpClient http = HttpClient.newHttpClient();
            HttpResponse<String> own = http.send(HttpRequest.newBuilder(prometheus.url().resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString());
            String type = own.headers().firstValue("Content-Type").orElse("");
            Exposition.Result read = Exposition.parse(own.body(), type, 100_000);
            assertThat(read.duplicates()).isEmpty();
            assertThat(read.types().get("prometheus_http_requests_total")).isEqualTo(Exposition.Type.COUNTER);
            assertThat(read.types().get("prometheus_http_request_duration_seconds"))
                    .isEqualTo(Exposition.Type.HISTOGRAM);
            assertThat(read.samples()).filteredOn(x -> x.name().equals("prometheus_build_info")).singleElement()
                    .satisfies(x -> assertThat(x.labels()).containsKey("version"));
            assertThat(read.samples()).filteredOn(x -> x.name().equals("prometheus_http_request_duration_seconds_bucket")
                    && x.labels().get("le").equals("+Inf")).isNotEmpty();
            HttpResponse<String> vigil = http.send(HttpRequest.newBuilder(metricsUrl)
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            Exposition.Result ours = Exposition.parse(vigil.body(),
                    vigil.headers().firstValue("Content-Type").orElse(""), 100_000);
            assertThat(ours.samples()).filteredOn(x -> x.name().equals("vigil_service_state")
                    && x.labels().get("service").equals("web") && x.labels().get("state").equals("running"))
                    .singleElement().satisfies(x -> assertThat(x.value()).isEqualTo(1.0));
        }
        assertThat(started.isAlive()).as("Prometheus is gone after close").isFalse();
    }

    // Both runs at once: each Prometheus takes about five seconds to sync its first target.
    @Test
    void theCheckScriptReadsAVigilSeriesBackAndFailsWhenVigilRefusesTheToken() throws Exception {
        Process good = checkScript(stateDir("good", token));
        Process refused = checkScript(stateDir("refused", "not-" + token));

        Script ok = ended(good, "good");
        Script failed = ended(refused, "refused");

        assertThat(ok.exit()).as(ok.output()).isZero();
        assertThat(ok.output()).contains("target up")
                .containsPattern("vigil_service_state\\{instance=\"127.0.0.1:\\d+\",job=\"vigil\",service=\"web\","
                        + "state=\"running\"} 1");
        assertThat(failed.exit()).as(failed.output()).isEqualTo(1);
        assertThat(failed.output()).contains("401");
    }

    /** A state directory as a running daemon leaves it: its token, and status.json saying where the API is. */
    private Path stateDir(String name, String tokenInIt) throws IOException {
        Path state = Files.createDirectories(dir.resolve(name));
        Files.writeString(state.resolve("token"), tokenInIt + "\n");
        Files.writeString(state.resolve("status.json"), """
                {"schema": 1, "stack": "test", "state": "started", "api": "http://127.0.0.1:%d", "services": []}
                """.formatted(server.getAddress().getPort()));
        return state;
    }

    private Process checkScript(Path state) throws IOException {
        Path prometheus = RealPrometheus.binary();
        Path script = Path.of(System.getProperty("user.dir")).resolveSibling("scripts").resolve("prometheus-check.sh");
        ProcessBuilder builder = new ProcessBuilder(script.toString(), state.toString(), "--timeout", "20")
                .redirectErrorStream(true)
                .redirectOutput(state.resolve("check.out").toFile());
        builder.environment().put("PROMETHEUS", prometheus.toString());
        builder.environment().put("TMPDIR", state.toString());
        return builder.start();
    }

    private Script ended(Process process, String name) throws Exception {
        Path state = dir.resolve(name);
        try {
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("the script ended").isTrue();
        } finally {
            process.destroyForcibly();
        }
        try (Stream<Path> left = Files.list(state)) {
            assertThat(left.map(p -> p.getFileName().toString())).as("its work directory is removed")
                    .noneMatch(n -> n.startsWith("vigil-prometheus-check"));
        }
        return new Script(process.exitValue(), Files.readString(state.resolve("check.out")));
    }

    private record Script(int exit, String output) {
    }
}
