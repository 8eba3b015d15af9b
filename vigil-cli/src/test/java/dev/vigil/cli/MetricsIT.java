package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Collection, scraping and findings in a daemon started through the launcher: the demo's leaking service is found
 * and restarted before it reaches its limit, and /metrics serves what Vigil collected.
 */
class MetricsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private List<JsonNode> events(LauncherCopy vigil, String file, String type, String service) throws Exception {
        LauncherCopy.Result r = vigil.run("events", "--file", file, "--type", type, "--service", service, "--json");
        assertThat(r.code()).as(r.err()).isZero();
        List<JsonNode> found = new ArrayList<>();
        for (String line : r.out().lines().toList()) {
            found.add(JSON.readTree(line));
        }
        return found;
    }

    @Test
    void theDemosLeakIsFoundAndRestartedBeforeItReachesItsLimit() throws Exception {
        LauncherCopy vigil = LauncherCopy.withBuiltJar(dir.resolve("vigil"));
        Path repository = Path.of(System.getProperty("vigil.root")).toRealPath();
        Path example = vigil.root().resolve("examples/quickstart");
        try (Stream<Path> files = Files.walk(repository.resolve("examples/quickstart"))) {
            for (Path f : files.toList()) {
                Path to = example.resolve(repository.resolve("examples/quickstart").relativize(f).toString());
                if (Files.isDirectory(f)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(f, to);
                }
            }
        }
        String file = "examples/quickstart/vigil.yaml";
        LauncherCopy.Result up = vigil.run("up", "-d", "--listen", "127.0.0.1:0", "--timeout", "60s", file);
        assertThat(up.code()).as(up.err()).isZero();
        try {
            await().atMost(Duration.ofSeconds(150)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> !events(vigil, file, "FindingOpened", "leak").isEmpty());
            JsonNode opened = events(vigil, file, "FindingOpened", "leak").getFirst();
            JsonNode data = opened.path("data");
            assertThat(data.path("finding").asText()).isEqualTo("memory:leak");
            assertThat(data.path("summary").asText()).startsWith("leak: RSS +").contains("reaches 200M in ~");
            // Well before the limit: the demo's leak takes more than a minute from its finding to 200M.
            Duration ahead = Duration.between(Instant.parse(opened.path("at").asText()),
                    Instant.parse(data.path("reachesAt").asText()));
            assertThat(ahead).isGreaterThan(Duration.ofSeconds(60));

            // The README's commands, as typed, while the finding is open.
            LauncherCopy.Result findings = vigil.run("findings", "--file", file);
            assertThat(findings.code()).as(findings.err()).isZero();
            assertThat(findings.out()).startsWith("SUBJECT  RESOURCE").containsPattern("(?m)^leak +memory .*leak: RSS \\+");
            LauncherCopy.Result top = vigil.run("top", "--file", file);
            assertThat(top.code()).as(top.err()).isZero();
            assertThat(top.out()).startsWith("host: CPU ").contains("SERVICE", "leak", "/200M", "↑ limit in ~");
            LauncherCopy.Result series = vigil.run("metrics", "leak", "--file", file, "--since", "10m");
            assertThat(series.code()).as(series.err()).isZero();
            assertThat(series.out()).contains("service_memory_rss_bytes");
            // The finding is an alert too (the built-in VigilFindingOpen), evaluated as soon as it was stored.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                LauncherCopy.Result alerts = vigil.run("alerts", "--file", file);
                assertThat(alerts.code()).as(alerts.err()).isZero();
                assertThat(alerts.out()).contains("VigilFindingOpen").contains("leak");
            });

            // predict: true, act_before: 1m: restarted before the crossing, with the cause predicted.
            await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> events(vigil, file, "RestartScheduled", "leak").stream()
                            .anyMatch(e -> e.path("data").path("cause").asText().equals("predicted")));
            assertThat(events(vigil, file, "MemoryLimitExceeded", "leak")).isEmpty();
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2))
                    .until(() -> !events(vigil, file, "FindingResolved", "leak").isEmpty());
        } finally {
            LauncherCopy.Result down = vigil.run("down", "--file", file);
            assertThat(down.code()).as(down.err()).isZero();
        }
    }

    @Test
    void metricsServesWhatWasCollectedAndScraped() throws Exception {
        LauncherCopy vigil = LauncherCopy.withBuiltJar(dir.resolve("vigil"));
        Path site = vigil.root().resolve("site");
        Files.createDirectories(site);
        Files.writeString(site.resolve("metrics"), "# TYPE app_requests_total counter\napp_requests_total{path=\"/\"} 42\n");
        int port = freePort();
        Files.writeString(vigil.root().resolve("vigil.yaml"), """
                metrics: {interval: 1s}
                services:
                  app:
                    command: [python3, -m, http.server, "%d", --bind, 127.0.0.1, --directory, site]
                    metrics: {scrape: "http://127.0.0.1:%d/metrics", interval: 1s}
                  gone:
                    command: [sleep, "1000"]
                    metrics: {scrape: "http://127.0.0.1:%d/metrics", interval: 1s}
                """.formatted(port, port, freePort()));
        LauncherCopy.Result up = vigil.run("up", "-d", "--listen", "127.0.0.1:0", "--timeout", "30s");
        assertThat(up.code()).as(up.err()).isZero();
        try {
            JsonNode status = JSON.readTree(Files.readString(vigil.root().resolve(".vigil/status.json")));
            String api = status.path("api").asText();
            String token = Files.readString(vigil.root().resolve(".vigil/token")).strip();
            HttpClient http = HttpClient.newHttpClient();
            HttpRequest request = HttpRequest.newBuilder(URI.create(api + "/metrics"))
                    .header("Authorization", "Bearer " + token).build();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                String text = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
                assertThat(text).containsPattern("(?m)^service_memory_rss_bytes\\{service=\"app\"} [1-9]\\d+$")
                        .containsPattern("(?m)^service_open_fds\\{service=\"app\"} [1-9]\\d*$")
                        .containsPattern("(?m)^host_memory_total_bytes [1-9]\\d+$")
                        .containsPattern("(?m)^host_filesystem_size_bytes\\{device=.*mountpoint=\"/\"} [1-9]\\d+$")
                        .containsPattern("(?m)^vigil_metric_series [1-9]\\d*$");
            });
            // The broken target is down, once, with its reason; the good one is not.
            await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> !events(vigil, "vigil.yaml", "ScrapeFailed", "gone").isEmpty());
            assertThat(events(vigil, "vigil.yaml", "ScrapeFailed", "gone")).singleElement()
                    .satisfies(e -> assertThat(e.path("message").asText()).endsWith("failed: connection refused"));
            assertThat(events(vigil, "vigil.yaml", "ScrapeFailed", "app")).isEmpty();
        } finally {
            LauncherCopy.Result down = vigil.run("down");
            assertThat(down.code()).as(down.err()).isZero();
        }
    }

    private static int freePort() throws Exception {
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
