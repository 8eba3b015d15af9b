package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.metrics.RealPrometheus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** `vigil up -d` and the commands that talk to the daemon, each a separate JVM, as a user runs them. */
class DaemonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STACK = """
            services:
              db:
                command: ["sh", "-c", "env | sed 's/^/env: /'; echo db up; exec sleep 1000"]
              api:
                command: ["sh", "-c", "echo api up; exec sleep 1000"]
                depends_on: [db]
                health:
                  - exec: ["true"]
                    interval: 1s
            """;

    @TempDir
    Path dir;

    private VigilJvm vigil;
    private final List<Long> daemons = new ArrayList<>();

    @BeforeEach
    void stack() throws Exception {
        Files.writeString(dir.resolve("vigil.yaml"), STACK);
        vigil = new VigilJvm(dir);
    }

    @AfterEach
    void noDaemonLeft() throws Exception {
        // Whatever a failed test left running goes, services included.
        if (DaemonInfo.running(state()).isPresent()) {
            vigil.run("down");
        }
        for (long pid : daemons) {
            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
        }
    }

    private Path state() {
        return dir.resolve(".vigil");
    }

    private VigilJvm.Result upDetached() throws Exception {
        VigilJvm.Result r = vigil.run("up", "-d", "--listen", "127.0.0.1:0", "--timeout", "40s");
        DaemonInfo.running(state()).ifPresent(i -> daemons.add(i.pid()));
        return r;
    }

    private JsonNode status() throws Exception {
        VigilJvm.Result r = vigil.run("status", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        return JSON.readTree(r.out());
    }

    private static JsonNode service(JsonNode status, String name) {
        return StreamSupport.stream(status.path("services").spliterator(), false)
                .filter(s -> s.path("name").asText().equals(name)).findFirst().orElseThrow();
    }

    private static long pid(JsonNode status, String name) {
        return service(status, name).path("pid").asLong();
    }

    private String events() throws Exception {
        return vigil.run("events", "--json").out();
    }

    @Test
    void upDetachedReturnsOnceStartedAndDownStopsEverything() throws Exception {
        VigilJvm.Result up = upDetached();

        assertThat(up.code()).as(up.err()).isZero();
        assertThat(up.out()).contains("started (2 services)");
        JsonNode status = status();
        assertThat(status.path("stack").path("state").asText()).isEqualTo("started");
        assertThat(service(status, "api").path("state").asText()).isEqualTo("healthy");
        long db = pid(status, "db");
        long api = pid(status, "api");
        assertThat(SupervisionTest.alive(db)).isTrue();
        assertThat(Files.getPosixFilePermissions(state().resolve("token")))
                .isEqualTo(PosixFilePermissions.fromString("rw-------"));
        // written on its own thread after each change: it catches up at once, not within the same instant
        await().atMost(Duration.ofSeconds(5)).until(() ->
                JSON.readTree(state().resolve("status.json").toFile()).path("state").asText().equals("started"));
        JsonNode statusFile = JSON.readTree(state().resolve("status.json").toFile());
        assertThat(statusFile.path("api").asText())
                .isEqualTo(DaemonInfo.running(state()).orElseThrow().api().toString());
        assertThat(statusFile.path("services")).hasSize(2);
        // From a directory without a stack file, the one running daemon is found through the user's registry.
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        VigilJvm.Result found = new VigilJvm(elsewhere, Map.of("XDG_STATE_HOME", dir.resolve("xdg").toString()))
                .run("status");
        assertThat(found.code()).as(found.err()).isZero();
        assertThat(found.out()).contains(dir.getFileName() + ": started, 2 services");

        VigilJvm.Result down = vigil.run("down");

        assertThat(down.code()).as(down.err()).isZero();
        assertThat(SupervisionTest.alive(db)).isFalse();
        assertThat(SupervisionTest.alive(api)).isFalse();
        assertThat(DaemonInfo.running(state())).isEmpty();
        assertThat(JSON.readTree(state().resolve("status.json").toFile()).path("state").asText()).isEqualTo("stopped");
        String events = events();
        assertThat(events.indexOf("\"service\":\"api\",\"type\":\"InstanceExited\""))
                .isPositive().isLessThan(events.indexOf("\"service\":\"db\",\"type\":\"InstanceExited\""));
    }

    @Test
    void restartStopStartAndLogsThroughTheDaemonAreAudited() throws Exception {
        assertThat(upDetached().code()).isZero();
        long before = pid(status(), "api");

        VigilJvm.Result restart = vigil.run("restart", "api", "--reason", "picked up new cert");

        assertThat(restart.code()).as(restart.err()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            JsonNode api = service(status(), "api");
            return api.path("pid").asLong() != before && api.path("state").asText().equals("healthy");
        });
        assertThat(SupervisionTest.alive(before)).isFalse();
        assertThat(vigil.run("stop", "db").code()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> service(status(), "db").path("state").asText().equals("stopped"));
        assertThat(vigil.run("start", "db").code()).isZero();
        await().atMost(Duration.ofSeconds(20)).until(() -> service(status(), "db").path("state").asText().equals("running"));
        VigilJvm.Result logs = vigil.run("logs", "api", "--tail", "5");
        assertThat(logs.out()).contains("api up");
        VigilJvm.Result unknown = vigil.run("restart", "nosuch");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("nosuch");

        VigilJvm.Result audit = vigil.run("audit", "list");
        assertThat(audit.out()).contains("local-cli  service.restart api  ok  reason: picked up new cert")
                .contains("service.stop db").contains("service.start db");
        assertThat(events()).contains("\"type\":\"ActionRequested\"").contains("picked up new cert");
        assertThat(vigil.run("audit", "verify").code()).isZero();
    }

    @Test
    void killMinus9OfTheDaemonLeavesServicesRunningAndTheNextDaemonAdoptsThem() throws Exception {
        assertThat(upDetached().code()).isZero();
        JsonNode first = status();
        long db = pid(first, "db");
        long api = pid(first, "api");
        long daemon = DaemonInfo.running(state()).orElseThrow().pid();

        ProcessHandle.of(daemon).orElseThrow().destroyForcibly(); // SIGKILL
        await().atMost(Duration.ofSeconds(10)).until(() -> !SupervisionTest.alive(daemon));
        assertThat(SupervisionTest.alive(db)).isTrue();
        assertThat(SupervisionTest.alive(api)).isTrue();

        VigilJvm.Result again = upDetached();

        assertThat(again.code()).as(again.err()).isZero();
        JsonNode second = status();
        assertThat(pid(second, "db")).isEqualTo(db);
        assertThat(pid(second, "api")).isEqualTo(api);
        assertThat(service(second, "api").path("state").asText()).isEqualTo("healthy");
        String events = events();
        assertThat(events).contains("\"service\":\"db\",\"type\":\"InstanceAdopted\"")
                .contains("\"service\":\"api\",\"type\":\"InstanceAdopted\"");

        // The adopted instance is watched: its death is noticed and it is restarted.
        ProcessHandle.of(db).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(15)).until(() -> {
            JsonNode s = service(status(), "db");
            return s.path("pid").asLong() != db && s.path("state").asText().equals("running");
        });
        assertThat(vigil.run("down").code()).isZero();
        assertThat(SupervisionTest.alive(api)).isFalse();
    }

    @Test
    void aCleanRestartOfVigilIsANonEventForTheServices() throws Exception {
        assertThat(upDetached().code()).isZero();
        JsonNode first = status();

        VigilJvm.Result down = vigil.run("down", "--keep-services");

        assertThat(down.code()).as(down.err()).isZero();
        assertThat(down.out()).contains("services keep running");
        assertThat(SupervisionTest.alive(pid(first, "db"))).isTrue();
        assertThat(SupervisionTest.alive(pid(first, "api"))).isTrue();
        assertThat(upDetached().code()).isZero();
        JsonNode second = status();
        assertThat(pid(second, "db")).isEqualTo(pid(first, "db"));
        assertThat(pid(second, "api")).isEqualTo(pid(first, "api"));
        assertThat(events()).doesNotContain("\"type\":\"InstanceExited\"");
    }

    @Test
    void aServiceThatDiedWhileNoDaemonRanIsRestartedAndRecorded() throws Exception {
        assertThat(upDetached().code()).isZero();
        long db = pid(status(), "db");
        long daemon = DaemonInfo.running(state()).orElseThrow().pid();
        ProcessHandle.of(daemon).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !SupervisionTest.alive(daemon));
        ProcessHandle.of(db).orElseThrow().destroyForcibly();
        await().atMost(Duration.ofSeconds(10)).until(() -> !SupervisionTest.alive(db));

        assertThat(upDetached().code()).isZero();

        JsonNode status = status();
        assertThat(pid(status, "db")).isNotEqualTo(db);
        assertThat(events()).contains("\"service\":\"db\",\"type\":\"InstanceLost\"");
    }

    @Test
    void aSecondDaemonOnTheSameStackRefusesWithAClearMessage() throws Exception {
        assertThat(upDetached().code()).isZero();
        long daemon = DaemonInfo.running(state()).orElseThrow().pid();

        VigilJvm.Result second = vigil.run("up", "-d", "--listen", "127.0.0.1:0");
        VigilJvm.Result foreground = vigil.run("up", "--plain", "--listen", "127.0.0.1:0");

        assertThat(second.code()).isEqualTo(1);
        assertThat(second.err()).contains("another Vigil (pid " + daemon + ") already supervises this stack");
        assertThat(foreground.code()).isEqualTo(1);
        assertThat(foreground.err()).contains("already supervises this stack");
    }

    @Test
    void tokensHaveRolesAndTheAuditTrailDetectsTampering() throws Exception {
        assertThat(upDetached().code()).isZero();
        VigilJvm.Result created = vigil.run("token", "create", "--role", "viewer", "--name", "grafana");
        assertThat(created.code()).as(created.err()).isZero();
        String secret = created.out().trim();
        assertThat(secret).startsWith("vgl_");
        DaemonInfo info = DaemonInfo.running(state()).orElseThrow();
        ApiClient viewer = new ApiClient(info.api(), secret);
        assertThat(viewer.get("/api/v1/services").path("services")).hasSize(2);
        try {
            viewer.post("/api/v1/services/api/restart", JSON.createObjectNode());
            throw new AssertionError("a viewer restarted a service");
        } catch (ApiClient.ApiFailure e) {
            assertThat(e.status).isEqualTo(403);
        }
        assertThat(vigil.run("token", "list").out()).contains("grafana").contains("viewer").doesNotContain(secret);
        assertThat(vigil.run("restart", "api", "--reason", "one").code()).isZero();
        assertThat(vigil.run("audit", "verify").out()).contains("intact");

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + state().resolve("vigil.db"));
             Statement s = c.createStatement()) {
            s.executeUpdate("UPDATE audit SET reason = 'nothing to see' WHERE seq = 2");
        }
        VigilJvm.Result verify = vigil.run("audit", "verify");

        assertThat(verify.code()).isEqualTo(1);
        assertThat(verify.err()).contains("BROKEN at entry 2");
    }

    @Test
    void aRealPrometheusScrapesTheDaemonsMetricsWithAViewerToken() throws Exception {
        Path prometheus = RealPrometheus.binary(); // skips, or fails under VIGIL_REQUIRE_PROMETHEUS=1, if missing
        assertThat(prometheus).exists();
        assertThat(upDetached().code()).isZero();
        String viewer = vigil.run("token", "create", "--role", "viewer", "--name", "prometheus").out().trim();
        Path tokenFile = dir.resolve("prometheus.token");
        Files.writeString(tokenFile, viewer);
        DaemonInfo info = DaemonInfo.running(state()).orElseThrow();

        Path promDir = Files.createDirectories(dir.resolve("prom"));
        try (RealPrometheus p = RealPrometheus.scraping(info.api().resolve("/metrics"), tokenFile, promDir)) {
            RealPrometheus.Sample healthy = p.awaitSample("vigil_service_state{service=\"api\",state=\"healthy\"}",
                    s -> s.value() == 1.0, Duration.ofSeconds(60));
            assertThat(healthy.label("job")).isEqualTo("vigil");
            assertThat(healthy.label("instance")).isEqualTo(info.api().getRawAuthority());
            // db and api, each started once
            assertThat(p.query("vigil_events_total{type=\"InstanceStarted\"}")).singleElement()
                    .satisfies(s -> assertThat(s.value()).isEqualTo(2.0));
            assertThat(p.query("jvm_memory_used_bytes")).isNotEmpty();
            assertThat(p.targets()).singleElement().satisfies(t -> assertThat(t.health()).isEqualTo("up"));
        }
    }

    @Test
    void readyIsToldToSystemdOnceTheStackIsUp() throws Exception {
        Path socket = dir.resolve("notify.sock");
        try (FakeSystemd systemd = FakeSystemd.listen(org.newsclub.net.unix.AFUNIXSocketAddress.of(socket))) {
            VigilJvm.Started up = vigil.start(Map.of("NOTIFY_SOCKET", socket.toString(), "WATCHDOG_USEC", "400000"),
                    "up", "--plain", "--listen", "127.0.0.1:0");

            await().atMost(Duration.ofSeconds(30)).until(() ->
                    systemd.messages().stream().anyMatch(m -> m.lines().anyMatch("READY=1"::equals)));
            // READY=1 follows the stack's start; the event's line may be printed a moment later
            await().atMost(Duration.ofSeconds(5)).until(() -> up.output().contains("StackStarted"));
            await().atMost(Duration.ofSeconds(5)).until(() -> systemd.pings().size() >= 3);
            // systemd's variables are Vigil's own: services do not inherit them
            assertThat(Files.readString(state().resolve("logs/db/db.log"))).contains("env: PATH=")
                    .doesNotContain("NOTIFY_SOCKET").doesNotContain("WATCHDOG_USEC");

            up.process().destroy();
            assertThat(up.process().waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
            assertThat(up.process().exitValue()).isZero();
            assertThat(systemd.messages()).anyMatch(m -> m.lines().anyMatch("STOPPING=1"::equals));
        }
    }
}
