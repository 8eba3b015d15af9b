package dev.vigil.server;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.auth.Role;
import dev.vigil.collect.LatestUsage;
import dev.vigil.finding.Findings;
import dev.vigil.metrics.InMemoryMetricStore;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Reading;
import dev.vigil.time.ManualScheduler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's {@code promtool query} against Vigil's Prometheus-compatible API, with a viewer's bearer token: it reads
 * Vigil's answers as a Prometheus server's. Fails (does not skip) without promtool: apt-get install prometheus.
 *
 * <p>promtool 2.43 and later send the token from {@code --http.config.file} on every query; 2.42 (Debian 12) has
 * only {@code query range --header}. With such a promtool the other queries go through a proxy of the test's that
 * adds the header, as a user's authenticating proxy would; the range query sends it itself either way.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PromtoolTest {

    private static final Path PROMTOOL = Path.of(System.getenv().getOrDefault("PROMTOOL", "/usr/bin/promtool"));
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final long NOW_S = NOW.getEpochSecond();

    private TestDaemon d;
    private HttpServer proxy;
    /** How promtool reaches Vigil with the token: the arguments before the server, and the server's URL. */
    private List<String> auth;
    private String server;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        assertThat(Files.isExecutable(PROMTOOL)).as("no promtool at " + PROMTOOL
                + " (apt-get install prometheus, or set PROMTOOL)").isTrue();
        InMemoryMetricStore store = new InMemoryMetricStore();
        long from = NOW.toEpochMilli() - 600_000;
        for (int k = 0; from + k * 15_000L <= NOW.toEpochMilli(); k++) {
            store.append(from + k * 15_000L, List.of(new Reading(Labels.metric("up", "job", "api", "instance", "a"), 1),
                    new Reading(Labels.metric("up", "job", "db", "instance", "b"), 0),
                    new Reading(Labels.metric("service_memory_rss_bytes", "service", "web"), 1000 + k)));
        }
        d = TestDaemon.start(dir, new ManualScheduler(NOW), store, LatestUsage.NONE, Findings.NONE);
        String direct = d.uri("/prometheus").toString();
        if (run("query", "instant", "--help").out().contains("--http.config.file")) {
            Path config = Files.writeString(dir.resolve("http.yml"), "authorization:\n  type: Bearer\n"
                    + "  credentials: " + d.token(Role.VIEWER) + "\n");
            auth = List.of("--http.config.file=" + config);
            server = direct;
        } else {
            proxy = bearerProxy(d.token(Role.VIEWER));
            auth = List.of();
            server = "http://127.0.0.1:" + proxy.getAddress().getPort() + "/prometheus";
        }
    }

    @AfterAll
    void stop() {
        if (proxy != null) {
            proxy.stop(0);
        }
        d.close();
    }

    @Test
    void instantQuery() throws Exception {
        Result r = query("instant", "--time=" + NOW_S, server, "up");
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).isEqualTo("up{instance=\"a\", job=\"api\"} => 1 @[" + NOW_S + "]\n"
                + "up{instance=\"b\", job=\"db\"} => 0 @[" + NOW_S + "]\n");
    }

    @Test
    void rangeQueryWithTheTokenInAHeader() throws Exception {
        Result r = run("query", "range", "--header=Authorization: Bearer " + d.token(Role.VIEWER),
                "--start=" + (NOW_S - 30), "--end=" + NOW_S, "--step=15s", d.uri("/prometheus").toString(),
                "service_memory_rss_bytes");
        assertThat(r.code()).as(r.out()).isZero();
        assertThat(r.out()).isEqualTo("service_memory_rss_bytes{service=\"web\"} =>\n1038 @[" + (NOW_S - 30) + "]\n"
                + "1039 @[" + (NOW_S - 15) + "]\n1040 @[" + NOW_S + "]\n");
    }

    @Test
    void labelValuesAndSeries() throws Exception {
        Result labels = query("labels", server, "job");
        assertThat(labels.code()).as(labels.out()).isZero();
        assertThat(labels.out()).isEqualTo("api\ndb\n");

        Result series = query("series", "--match=up{job=\"db\"}", "--match=service_memory_rss_bytes", server);
        assertThat(series.code()).as(series.out()).isZero();
        assertThat(series.out()).isEqualTo("{__name__=\"service_memory_rss_bytes\", service=\"web\"}\n"
                + "{__name__=\"up\", instance=\"b\", job=\"db\"}\n");
    }

    @Test
    void aQueryThatDoesNotParseIsReportedAsPrometheusWouldBe() throws Exception {
        Result r = query("instant", server, "sum(up");
        assertThat(r.code()).isNotZero();
        assertThat(r.out()).contains("bad_data").contains("invalid parameter \"query\": 1:");
    }

    @Test
    void withoutTheTokenPromtoolIsRefused() throws Exception {
        Result r = run("query", "instant", d.uri("/prometheus").toString(), "up");
        assertThat(r.code()).isNotZero();
        assertThat(r.out()).contains("unauthorized");
    }

    private Result query(String command, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("query", command));
        all.addAll(auth);
        all.addAll(List.of(args));
        return run(all.toArray(String[]::new));
    }

    record Result(int code, String out) {
    }

    private static Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(PROMTOOL.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("promtool finished").isTrue();
        return new Result(p.exitValue(), out);
    }

    /** Forwards every request to the daemon with the token added; answers what the daemon answered. */
    private HttpServer bearerProxy(String token) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> forward(exchange, token));
        server.start();
        return server;
    }

    private void forward(HttpExchange exchange, String token) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            HttpRequest.Builder b = d.request(exchange.getRequestURI().toString(), token)
                    .method(exchange.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(body));
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (type != null) {
                b.header("Content-Type", type);
            }
            HttpResponse<byte[]> r = d.http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            r.headers().firstValue("Content-Type").ifPresent(t -> exchange.getResponseHeaders().add("Content-Type", t));
            exchange.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(r.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }
}
