package dev.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.auth.Role;
import dev.vigil.collect.HostUsage;
import dev.vigil.collect.LatestUsage;
import dev.vigil.collect.MetricNames;
import dev.vigil.collect.ServiceUsage;
import dev.vigil.finding.Finding;
import dev.vigil.metrics.Aggregate;
import dev.vigil.metrics.InMemoryMetricStore;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Reading;
import dev.vigil.runtime.Usage;
import dev.vigil.time.ManualScheduler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The live table's data and the open findings over real HTTP, from fakes of the collector and the detectors. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UsageEndpointsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final long MIB = 1 << 20;

    private TestDaemon d;

    /** Two fixed answers, as the collector will give them. */
    record FixedUsage(List<ServiceUsage> services, Optional<HostUsage> host) implements LatestUsage {
    }

    static final Finding WEB_LEAK = new Finding("memory:web", Finding.Resource.MEMORY, Optional.of("web"), "web",
            NOW.minus(Duration.ofMinutes(40)), 1.2e6 / 60, 0.97, Duration.ofMinutes(40), 300 * MIB, 512 * MIB,
            NOW.plus(Duration.ofMinutes(41)), "leak: RSS +1.2 MB/min over 40 min, R² 0.97, reaches 512M in ~41 min");
    static final Finding DISK = new Finding("disk:/var", Finding.Resource.DISK, Optional.empty(), "/var",
            NOW.minus(Duration.ofHours(2)), 1e4, 0.91, Duration.ofHours(2), 9e10, 1e11, NOW.plus(Duration.ofHours(5)),
            "disk: /var +10 KB/s over 2 h, R² 0.91, full in ~5 h");

    @BeforeAll
    void start(@TempDir Path dir) {
        InMemoryMetricStore store = new InMemoryMetricStore();
        // ten minutes of RSS every 10 s: db grows 5% over them, worker stays within 1%, web falls (its finding wins)
        for (int k = 0; k <= 60; k++) {
            long t = NOW.toEpochMilli() - 600_000 + k * 10_000L;
            store.append(t, List.of(rss("db", 1e8 * (1 + 0.05 * k / 60)), rss("worker", 1e8 + (k % 2) * 5e5),
                    rss("web", 4e8 - k * 1e6)));
        }
        ServiceUsage web = new ServiceUsage("web", NOW.minusSeconds(2), new Usage(81.5, 150 * MIB,
                OptionalLong.empty(), 12, OptionalLong.of(40), OptionalLong.of(1024), 4096, 8192),
                OptionalDouble.of(0.25), 512 * MIB, OptionalDouble.of(0.003));
        ServiceUsage db = new ServiceUsage("db", NOW.minusSeconds(2), new Usage(1.0, 100 * MIB, OptionalLong.empty(), 3,
                OptionalLong.empty(), OptionalLong.empty(), 0, 0), OptionalDouble.empty(), 0, OptionalDouble.empty());
        HostUsage host = new HostUsage(NOW.minusSeconds(2), 4, OptionalDouble.of(0.234), OptionalDouble.of(0.52),
                16L << 30, 12L << 30, 2L << 30, 0, List.of(
                        new HostUsage.Filesystem("/", "/dev/sda1", "ext4", 100L << 30, 60L << 30, 6_000_000, 5_000_000),
                        new HostUsage.Filesystem("/var", "/dev/sda2", "ext4", 50L << 30, 5L << 30, 3_000_000, 2_000_000)));
        d = TestDaemon.start(dir, new ManualScheduler(NOW), store, new FixedUsage(List.of(db, web), Optional.of(host)),
                () -> List.of(WEB_LEAK, DISK));
    }

    private static Reading rss(String service, double value) {
        return new Reading(Labels.metric(MetricNames.SERVICE_RSS, MetricNames.SERVICE, service), value);
    }

    @AfterAll
    void stop() {
        d.close();
    }

    private JsonNode usage() {
        TestDaemon.Response r = d.get("/api/v1/metrics/usage", d.token(Role.VIEWER));
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    private JsonNode service(String name) {
        return StreamSupport.stream(usage().path("services").spliterator(), false)
                .filter(s -> s.path("service").asText().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void everyServiceOfTheStackIsListedWithItsStateWhetherCollectedOrNot() {
        JsonNode u = usage();

        assertThat(u.path("at").asText()).isEqualTo(NOW.toString());
        assertThat(u.path("services")).extracting(s -> s.path("service").asText())
                .containsExactlyInAnyOrder("db", "web", "worker", "nolog");
        JsonNode nolog = service("nolog");
        assertThat(nolog.path("state").asText()).isNotEmpty();
        assertThat(nolog.path("restarts").isInt()).isTrue();
        for (String field : List.of("collected_at", "cpu_cores", "cpu_percent", "rss_bytes", "memory_limit_bytes",
                "memory_percent", "threads", "open_fds", "fd_limit", "trend", "trend_from", "finding")) {
            assertThat(nolog.path(field).isNull()).as(field).isTrue();
        }
    }

    @Test
    void aCollectedServiceShowsItsUsageAgainstItsLimits() {
        JsonNode web = service("web");

        assertThat(web.path("collected_at").asText()).isEqualTo(NOW.minusSeconds(2).toString());
        assertThat(web.path("cpu_cores").asDouble()).isEqualTo(0.25);
        assertThat(web.path("cpu_percent").asDouble()).isEqualTo(25.0);
        assertThat(web.path("rss_bytes").asLong()).isEqualTo(150 * MIB);
        assertThat(web.path("memory_limit_bytes").asLong()).isEqualTo(512 * MIB);
        assertThat(web.path("memory_percent").asDouble()).isEqualTo(29.3);
        assertThat(web.path("threads").asLong()).isEqualTo(12);
        assertThat(web.path("open_fds").asLong()).isEqualTo(40);
        assertThat(web.path("fd_limit").asLong()).isEqualTo(1024);
        assertThat(web.path("read_bytes").asLong()).isEqualTo(4096);
        assertThat(web.path("written_bytes").asLong()).isEqualTo(8192);
        assertThat(web.path("probe_seconds").asDouble()).isEqualTo(0.003);

        JsonNode db = service("db");
        assertThat(db.path("cpu_cores").isNull()).as("no CPU before a second collection").isTrue();
        assertThat(db.path("memory_limit_bytes").isNull()).isTrue();
        assertThat(db.path("memory_percent").isNull()).isTrue();
        assertThat(db.path("open_fds").isNull()).isTrue();
    }

    @Test
    void anOpenFindingMakesTheTrendRisingOtherwiseTheLastMinutesOfTheStoreDecide() {
        JsonNode web = service("web");
        assertThat(web.path("trend").asText()).isEqualTo("rising");
        assertThat(web.path("trend_from").asText()).isEqualTo("finding");
        assertThat(web.path("finding").path("id").asText()).isEqualTo("memory:web");
        assertThat(web.path("finding").path("time_left_seconds").asLong()).isEqualTo(41 * 60);
        assertThat(web.path("finding").path("summary").asText()).startsWith("leak: RSS +1.2 MB/min");

        assertThat(service("db").path("trend").asText()).isEqualTo("rising");
        assertThat(service("db").path("trend_from").asText()).isEqualTo("store");
        assertThat(service("worker").path("trend").asText()).isEqualTo("flat");
    }

    @Test
    void theTrendOfFewerThanThreeMinutesIsUnknownAndAFallIsFalling() {
        assertThat(UsageEndpoints.trend(List.of(minute(0, 10), minute(1, 20)))).isEmpty();
        assertThat(UsageEndpoints.trend(List.of(minute(0, 30), minute(1, 20), minute(2, 10))))
                .contains(UsageEndpoints.Trend.FALLING);
        assertThat(UsageEndpoints.trend(List.of(minute(0, 100), minute(1, Double.NaN), minute(2, 101),
                minute(3, 100)))).contains(UsageEndpoints.Trend.FLAT);
        assertThat(UsageEndpoints.trend(List.of(minute(0, 0), minute(1, 0), minute(2, 0))))
                .contains(UsageEndpoints.Trend.FLAT);
    }

    @Test
    void theHostComesWithItsFullestFilesystemFirst() {
        JsonNode host = usage().path("host");

        assertThat(host.path("cores").asInt()).isEqualTo(4);
        assertThat(host.path("cpu_percent").asDouble()).isEqualTo(23.4);
        assertThat(host.path("load1").asDouble()).isEqualTo(0.52);
        assertThat(host.path("memory_used_bytes").asLong()).isEqualTo(4L << 30);
        assertThat(host.path("memory_percent").asDouble()).isEqualTo(25.0);
        assertThat(host.path("filesystems")).extracting(f -> f.path("mount_point").asText() + " "
                + f.path("used_percent").asDouble()).containsExactly("/var 90.0", "/ 40.0");
    }

    @Test
    void findingsListsWhatIsOpenWithItsEvidence() {
        TestDaemon.Response r = d.get("/api/v1/findings", d.token(Role.VIEWER));

        assertThat(r.status()).isEqualTo(200);
        JsonNode findings = r.json().path("findings");
        assertThat(findings).extracting(f -> f.path("id").asText()).containsExactly("memory:web", "disk:/var");
        JsonNode leak = findings.get(0);
        assertThat(leak.path("resource").asText()).isEqualTo("memory");
        assertThat(leak.path("unit").asText()).isEqualTo("bytes");
        assertThat(leak.path("service").asText()).isEqualTo("web");
        assertThat(leak.path("subject").asText()).isEqualTo("web");
        assertThat(leak.path("opened_at").asText()).isEqualTo("2026-03-01T11:20:00Z");
        assertThat(leak.path("slope_per_second").asDouble()).isEqualTo(20_000);
        assertThat(leak.path("r2").asDouble()).isEqualTo(0.97);
        assertThat(leak.path("span_seconds").asLong()).isEqualTo(2400);
        assertThat(leak.path("limit").asLong()).isEqualTo(512 * MIB);
        assertThat(leak.path("reaches_at").asText()).isEqualTo("2026-03-01T12:41:00Z");
        assertThat(leak.path("time_left_seconds").asLong()).isEqualTo(2460);
        assertThat(leak.path("summary").asText()).isEqualTo(WEB_LEAK.summary());
        assertThat(findings.get(1).path("service").isNull()).isTrue();
    }

    private static Aggregate minute(int m, double v) {
        return new Aggregate(m * 60_000L, v, v, v, 1, v);
    }
}
