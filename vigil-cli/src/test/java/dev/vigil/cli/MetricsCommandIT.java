package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The series the daemon collects, read back through the launcher: a service's memory, CPU and threads in
 * {@code vigil metrics} and {@code vigil top}, and the host's. Needs the daemon's collector writing the metric store.
 */
class MetricsCommandIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void collectedSeriesShowInMetricsAndTop() throws Exception {
        LauncherCopy vigil = LauncherCopy.withBuiltJar(dir.resolve("vigil"));
        Files.writeString(vigil.root().resolve("vigil.yaml"), TopCommandIT.STACK);
        try {
            LauncherCopy.Result up = vigil.run("up", "-d", "--listen", "127.0.0.1:0", "--timeout", "40s");
            assertThat(up.code()).as(up.err()).isZero();

            await("service_memory_rss_bytes{service=\"web\"} written by the daemon's collector")
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(2)).until(() ->
                    rss(vigil.run("metrics", "web", "--since", "5m", "--json")) != null);
            JsonNode rss = rss(vigil.run("metrics", "web", "--since", "5m", "--json"));
            assertThat(rss.path("metric").path("service").asText()).isEqualTo("web");
            assertThat(rss.path("values").get(0).get(1).asText()).matches("[1-9][0-9]*");

            LauncherCopy.Result table = vigil.run("metrics", "web", "--since", "5m");
            assertThat(table.code()).as(table.err()).isZero();
            assertThat(table.out()).startsWith("web: ").contains("(raw samples)")
                    .containsPattern("\nservice_memory_rss_bytes +[0-9.]+[BKMG] +[0-9.]+[BKMG] +[0-9.]+[BKMG] +[0-9.]+[BKMG]\n")
                    .contains("\nrate(service_cpu_seconds_total) ").contains("\nservice_threads ");

            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                LauncherCopy.Result top = vigil.run("top", "--no-stream");
                assertThat(top.out()).containsPattern("\nweb +running +[0-9.]+% +[0-9.]+[BKMG]");
                assertThat(top.out().split("\n")[0]).startsWith("host: CPU ").contains(" cores · ");
            });

            LauncherCopy.Result host = vigil.run("metrics", "--host", "--since", "5m");
            assertThat(host.code()).as(host.err()).isZero();
            assertThat(host.out()).startsWith("host: ").contains("\nhost_memory_available_bytes ");

            assertThat(vigil.run("metrics").out()).contains("service_memory_rss_bytes ", "host_load1 ");
        } finally {
            LauncherCopy.Result down = vigil.run("down");
            assertThat(down.code()).as(down.err()).isZero();
        }
    }

    /** The answer's service_memory_rss_bytes entry of last values, once it has one. */
    private static JsonNode rss(LauncherCopy.Result r) throws Exception {
        assertThat(r.code()).as(r.err()).isZero();
        return StreamSupport.stream(JSON.readTree(r.out()).path("result").spliterator(), false)
                .filter(e -> e.path("metric").path("__name__").asText().equals("service_memory_rss_bytes")
                        && e.path("agg").asText().equals("last") && !e.path("values").isEmpty())
                .findFirst().orElse(null);
    }
}
