package dev.vigil.health;

import com.sun.net.httpserver.HttpServer;
import dev.vigil.stack.ExecProbeSpec;
import dev.vigil.stack.HttpProbeSpec;
import dev.vigil.stack.ProbeTiming;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.TcpProbeSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** Each probe mechanism against real endpoints on loopback. */
class ProbesTest {

    /** For answers that come: a generous timeout, so a loaded machine does not turn them into timeouts. */
    private static final ProbeTiming PATIENT = new ProbeTiming(Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ZERO, 3, 1);
    /** For checks that are meant to time out. */
    private static final ProbeTiming FAST = new ProbeTiming(Duration.ofSeconds(1), Duration.ofMillis(300),
            Duration.ZERO, 3, 1);

    @TempDir
    Path dir;

    private HttpServer server;
    private final CountDownLatch never = new CountDownLatch(1);
    private final Probes probes = new Probes(HttpProbe.newClient());

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 10);
        server.createContext("/ok", ex -> answer(ex, 200, "all good"));
        server.createContext("/down", ex -> answer(ex, 503, "maintenance"));
        server.createContext("/chunked", ex -> {
            ex.sendResponseHeaders(200, 0); // no length: chunked transfer encoding
            try (OutputStream out = ex.getResponseBody()) {
                out.write("{\"checks\": [".getBytes(StandardCharsets.UTF_8));
                out.flush();
                out.write(("\"db\"], \"query\": \"" + ex.getRequestURI().getRawQuery() + "\", \"status\": \"UP\"}")
                        .getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/private", ex -> answer(ex,
                ("Basic " + java.util.Base64.getEncoder().encodeToString("monitor:p@ss word".getBytes(StandardCharsets.UTF_8)))
                        .equals(ex.getRequestHeaders().getFirst("Authorization")) ? 200 : 401, ""));
        server.createContext("/hang", ex -> {
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    @AfterEach
    void stopServer() {
        never.countDown();
        server.stop(0);
    }

    private static void answer(com.sun.net.httpserver.HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private ProbeResult http(String path, HttpProbeSpec.StatusRange range, Optional<String> body) {
        return http(path, range, body, PATIENT);
    }

    private ProbeResult http(String path, HttpProbeSpec.StatusRange range, Optional<String> body, ProbeTiming timing) {
        URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
        HttpProbeSpec spec = new HttpProbeSpec(url, range, body, timing);
        return probes.create(service(), spec).check();
    }

    private ServiceSpec service() {
        return ServiceSpec.of("svc", List.of("true"), dir);
    }

    @Test
    void plainHttpProbesRunOnAProbeLoopAndHttpsOnesThroughTheClient() {
        assertThat(probes.create(service(), HttpProbeSpec.of(URI.create("http://127.0.0.1:1/"), PATIENT)))
                .isInstanceOf(AsyncProbe.class);
        assertThat(probes.create(service(), HttpProbeSpec.of(URI.create("https://127.0.0.1:1/"), PATIENT)))
                .isNotInstanceOf(AsyncProbe.class);
    }

    @Test
    void httpHealthyOnAnExpectedStatus() {
        assertThat(http("/ok", HttpProbeSpec.DEFAULT_STATUS, Optional.empty()))
                .isInstanceOf(ProbeResult.Healthy.class)
                .extracting(ProbeResult::detail).asString().startsWith("200 in ");
    }

    @Test
    void httpUnhealthyOnAnotherStatus() {
        assertThat(http("/down", HttpProbeSpec.DEFAULT_STATUS, Optional.empty()))
                .isInstanceOf(ProbeResult.Unhealthy.class)
                .extracting(ProbeResult::detail).asString().startsWith("503 in ").endsWith("(expected 200-399)");
        assertThat(http("/down", new HttpProbeSpec.StatusRange(503, 503), Optional.empty()))
                .isInstanceOf(ProbeResult.Healthy.class);
    }

    @Test
    void httpChecksTheBodyWhenAsked() {
        assertThat(http("/ok", HttpProbeSpec.DEFAULT_STATUS, Optional.of("good"))).isInstanceOf(ProbeResult.Healthy.class);
        assertThat(http("/ok", HttpProbeSpec.DEFAULT_STATUS, Optional.of("ready")))
                .isInstanceOf(ProbeResult.Unhealthy.class)
                .extracting(ProbeResult::detail).asString().endsWith("but body lacks \"ready\"");
    }

    @Test
    void httpReadsAChunkedBodyAndSendsTheQuery() {
        assertThat(http("/chunked?deep=1", HttpProbeSpec.DEFAULT_STATUS, Optional.of("\"status\": \"UP\"")))
                .isInstanceOf(ProbeResult.Healthy.class);
        assertThat(http("/chunked?deep=1", HttpProbeSpec.DEFAULT_STATUS, Optional.of("\"query\": \"deep=1\"")))
                .isInstanceOf(ProbeResult.Healthy.class);
    }

    @Test
    void httpLogsInWithTheUrlsUserAndPassword() throws Exception {
        int port = server.getAddress().getPort();
        HttpProbeSpec right = HttpProbeSpec.of(
                URI.create("http://monitor:p%40ss%20word@127.0.0.1:" + port + "/private"), PATIENT);
        HttpProbeSpec wrong = HttpProbeSpec.of(URI.create("http://monitor:nope@127.0.0.1:" + port + "/private"),
                PATIENT);
        HttpProbeSpec none = HttpProbeSpec.of(URI.create("http://127.0.0.1:" + port + "/private"), PATIENT);

        assertThat(probes.create(service(), right).check()).isInstanceOf(ProbeResult.Healthy.class);
        // https probes and recovery steps go through the JDK client: the same header
        assertThat(HttpProbe.newClient().send(BasicAuth.request(right.url()).build(),
                java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode()).isEqualTo(200);
        assertThat(probes.create(service(), wrong).check().detail()).startsWith("401 in ");
        assertThat(probes.create(service(), none).check().detail()).startsWith("401 in ");
    }

    @Test
    void httpTimesOutOnAHungHandler() {
        assertThat(http("/hang", HttpProbeSpec.DEFAULT_STATUS, Optional.empty(), FAST))
                .isEqualTo(new ProbeResult.Unhealthy("timed out after 300ms"));
    }

    @Test
    void httpToAClosedPortIsRefused() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        HttpProbeSpec spec = HttpProbeSpec.of(URI.create("http://127.0.0.1:" + port + "/"), FAST);
        assertThat(probes.create(service(), spec).check()).isEqualTo(new ProbeResult.Unhealthy("connection refused"));
    }

    @Test
    void tcpConnectsOrIsRefused() throws IOException {
        int open = server.getAddress().getPort();
        assertThat(probes.create(service(), new TcpProbeSpec("127.0.0.1", open, PATIENT)).check())
                .isInstanceOf(ProbeResult.Healthy.class);
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        assertThat(probes.create(service(), new TcpProbeSpec("127.0.0.1", closed, FAST)).check())
                .isEqualTo(new ProbeResult.Unhealthy("connection refused"));
    }

    @Test
    void execHealthyOnExitZeroUnhealthyOtherwiseWithItsOutput() {
        assertThat(probes.create(service(), new ExecProbeSpec(List.of("sh", "-c", "exit 0"), PATIENT)).check())
                .isEqualTo(new ProbeResult.Healthy("exit 0"));
        assertThat(probes.create(service(), new ExecProbeSpec(List.of("sh", "-c", "echo disk full; exit 3"), PATIENT)).check())
                .isEqualTo(new ProbeResult.Unhealthy("exit 3: disk full"));
    }

    @Test
    void execThatRunsTooLongIsUnhealthy() {
        assertThat(probes.create(service(), new ExecProbeSpec(List.of("sleep", "10"), FAST)).check())
                .isEqualTo(new ProbeResult.Unhealthy("timed out after 300ms"));
    }

    @Test
    void execThatCannotBeSpawnedIsUnknownNotUnhealthy() {
        ProbeResult result = probes.create(service(), new ExecProbeSpec(List.of("/nonexistent/check"), FAST)).check();
        assertThat(result).isInstanceOf(ProbeResult.Unknown.class);
        assertThat(result.detail()).startsWith("could not run probe command: ");
    }
}
