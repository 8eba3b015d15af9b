package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The commands README and docs/cli.md show, typed as a user types them: {@code ./vigil ...} through a copy of the
 * launcher with the jar this build packaged. Each checks the exact exit code and what reaches stdout and stderr:
 * a launcher that swallows stderr fails here.
 */
class LauncherIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path shared;

    private static LauncherCopy vigil;

    @BeforeAll
    static void copy() throws IOException {
        vigil = LauncherCopy.withBuiltJar(shared.resolve("vigil"));
    }

    @Test
    void helpListsTheCommandsAndExitCodes() throws Exception {
        LauncherCopy.Result r = vigil.run("--help");

        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Usage: vigil [-hV] [COMMAND]")
                .containsPattern("\n  validate +Check a stack file").containsPattern("\n  up +Start the stack's services")
                .containsPattern("\n  alerts +").containsPattern("\n  silence +").contains("Exit codes:",
                        "  2   invalid input (stack file, flags)");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void everyExampleStackIsValid() throws Exception {
        Path examples = Path.of(System.getProperty("vigil.root")).toRealPath().resolve("examples");
        List<Path> files;
        try (var found = Files.walk(examples, 2)) {
            files = found.filter(p -> p.getFileName().toString().equals("vigil.yaml")).sorted().toList();
        }
        assertThat(files).extracting(f -> examples.relativize(f).toString())
                .contains("quickstart/vigil.yaml", "change-control/vigil.yaml");
        for (Path file : files) {
            LauncherCopy.Result r = vigil.run("validate", file.toString());
            assertThat(r.code()).as("%s: %s", file, r.err()).isZero();
            assertThat(r.out()).startsWith(file + ": ok, stack ");
        }
    }

    @Test
    void diffOffersOnlyItsOwnOptionsAndApplyItsOwn() throws Exception {
        LauncherCopy.Result diff = vigil.run("diff", "--help");
        LauncherCopy.Result apply = vigil.run("apply", "--help");

        assertThat(diff.code()).isZero();
        assertThat(diff.out()).startsWith("Usage: vigil diff [-hV] [--file=FILE] [--state-dir=DIR] [FILE]\n")
                .doesNotContain("--override", "--reason", "--no-rollback", "--dry-run");
        assertThat(apply.code()).isZero();
        assertThat(apply.out()).contains("--override", "--reason=TEXT", "--no-rollback", "--dry-run");
    }

    @Test
    void versionNamesThisBuildAndItsJava() throws Exception {
        LauncherCopy.Result r = vigil.run("version");

        assertThat(r.code()).isZero();
        assertThat(r.out()).isEqualTo("vigil " + System.getProperty("vigil.version") + " (Java "
                + Runtime.version() + ")\n");
        assertThat(r.err()).isEmpty();
    }

    @Test
    void validateOfABrokenFilePrintsEveryProblemOnStderrAndExits2() throws Exception {
        Path bad = vigil.root().resolve("bad.yaml");
        Files.writeString(bad, "services:\n  web:\n    comand: [\"sleep\", \"1\"]\n");

        LauncherCopy.Result r = vigil.run("validate", "bad.yaml");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo(bad + ":2:3: services.web: missing required key `command`\n"
                + bad + ":3:5: services.web.comand: unknown key; did you mean `command`?\n"
                + "vigil: 2 problems in " + bad + "\n");
    }

    @Test
    void upOfAMissingFileSaysSoAndExits2() throws Exception {
        LauncherCopy.Result r = vigil.run("up", "missing.yaml");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("vigil: no stack file at " + vigil.root().resolve("missing.yaml")
                + " (give one as an argument, e.g. vigil up my/vigil.yaml)\n");
    }

    @Test
    void statusWithNoDaemonSaysHowToStartOneAndExits1() throws Exception {
        LauncherCopy.Result r = vigil.run("status");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("vigil: no Vigil daemon is running (start one with `vigil up -d FILE`), and"
                + " there is no ./vigil.yaml here; give --file or --state-dir\n");
    }

    @Test
    void eventsWithNoDatabaseSaysSoAndExits1() throws Exception {
        Path dir = Files.createDirectories(vigil.root().resolve("never-run"));
        Files.writeString(dir.resolve("vigil.yaml"), "services:\n  web:\n    command: [\"sleep\", \"1\"]\n");

        LauncherCopy.Result r = vigil.run("events", "--file", "never-run/vigil.yaml");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("vigil: no event database at " + dir.resolve(".vigil/vigil.db")
                + " (has `vigil up` run for this stack?)\n");
        assertThat(dir.resolve(".vigil")).doesNotExist();
    }

    @Test
    void eventsWithAnUnknownCauseListsTheCausesAndExits2() throws Exception {
        LauncherCopy.Result r = vigil.run("events", "--cause", "boredom");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("vigil: --cause: unknown cause \"boredom\"; known causes: crash, unhealthy,"
                + " memory, predicted, drift, operator, apply, rollback, profile, deploy, chaos, alert\n");
    }

    @Test
    void aForcedCleanupInsideAFreezeIsRefusedWithExit3UnlessOverridden() throws Exception {
        Path dir = Files.createDirectories(vigil.root().resolve("frozen-stack"));
        Files.writeString(dir.resolve("vigil.yaml"), """
                services:
                  api: {command: ["sleep", "1"]}
                windows:
                  always-now: {kind: freeze, from: "2020-01-01 00:00", to: "2099-01-01 00:00", zone: UTC}
                """);

        LauncherCopy.Result dry = vigil.run("cleanup", "frozen-stack/vigil.yaml");
        assertThat(dry.code()).as("a dry run disturbs nothing").isZero();

        LauncherCopy.Result refused = vigil.run("cleanup", "frozen-stack/vigil.yaml", "--force");
        assertThat(refused.code()).isEqualTo(3);
        assertThat(refused.err()).endsWith("vigil: cleanup refused: cleanup of api refused: freeze window"
                + " `always-now` (2020-01-01 00:00 to 2099-01-01 00:00, UTC) until Thu 2099-01-01 00:00 UTC; override"
                + " it with a reason (--override --reason TEXT)\n");

        LauncherCopy.Result overridden = vigil.run("cleanup", "frozen-stack/vigil.yaml", "--force", "--override",
                "--reason", "disk full");
        assertThat(overridden.code()).as(overridden.err()).isZero();
        assertThat(overridden.out()).contains("reclaimed ");
    }

    @Test
    void convertPrintsTheStackOnStdoutAndItsWarningsOnStderr() throws Exception {
        Files.writeString(vigil.root().resolve("compose.yaml"), """
                services:
                  web:
                    image: nginx
                    container_name: web1
                    ports: ["8080:80"]
                """);

        LauncherCopy.Result r = vigil.run("convert", "compose.yaml");

        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("# Converted from compose.yaml by `vigil convert`; 2 warnings on stderr.\n")
                .contains("    image: \"nginx\"\n", "      - \"127.0.0.1:8080:80\"\n");
        assertThat(r.err().lines()).containsExactly(
                "compose.yaml: services.web.ports[0]: `8080:80` is published on 127.0.0.1 only (Compose publishes"
                        + " on all interfaces); write `0.0.0.0:8080:80` to publish beyond this machine",
                "compose.yaml: services.web.container_name: Vigil names containers itself; dropped");
    }

    @Test
    void withNoJdk21ItNamesEveryPlaceItLookedAndExits1() throws Exception {
        Path noJdks = Files.createDirectories(shared.resolve("no-jdks"));

        LauncherCopy.Result r = vigil.run(60, Map.of("JAVA_HOME", "/nonexistent/jdk", "PATH", "/usr/bin:/bin",
                "VIGIL_JDK_ROOTS", noJdks.toString()), "version");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).startsWith("vigil: no JDK >= 21 found; tried JAVA_HOME=/nonexistent/jdk (no bin/java), ")
                .endsWith(noJdks + " (no JDK there). Install a JDK 21 or newer, or set JAVA_HOME to one\n");
    }

    /**
     * A daemon started and stopped through the launcher, whose probes carry secrets in their URL and command line:
     * the HTTP probe logs in with the URL's user and password, and no secret shows in events, status, the API
     * or the metrics.
     */
    @Test
    void probeSecretsAreUsedButNeverShown(@TempDir Path own) throws Exception {
        LauncherCopy daemon = LauncherCopy.withBuiltJar(own.resolve("vigil"));
        int port = freePort();
        Files.writeString(daemon.root().resolve("server.py"), """
                import base64, http.server, sys
                WANT = "Basic " + base64.b64encode(b"monitor:pr0be-pass").decode()
                class Handler(http.server.BaseHTTPRequestHandler):
                    def do_GET(self):
                        self.send_response(200 if self.headers.get("Authorization") == WANT else 401)
                        self.end_headers()
                    def log_message(self, *args):
                        pass
                http.server.ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
                """);
        Files.writeString(daemon.root().resolve("vigil.yaml"), """
                services:
                  web:
                    command: ["python3", "server.py", "%d"]
                    health:
                      - http: http://monitor:pr0be-pass@127.0.0.1:%d/health?api_key=k3y-in-query
                        interval: 300ms
                      - exec: ["sh", "-c", "PGPASSWORD=exec-s3cret true", "--token", "t0ken-arg"]
                        interval: 300ms
                """.formatted(port, port));
        List<String> secrets = List.of("pr0be-pass", "k3y-in-query", "exec-s3cret", "t0ken-arg");
        try {
            LauncherCopy.Result up = daemon.run("up", "-d", "--listen", "127.0.0.1:0", "--timeout", "40s");
            assertThat(up.code()).as(up.err()).isZero();

            await().atMost(Duration.ofSeconds(30)).until(() ->
                    service(daemon.run("status", "--json")).path("health").asText().equals("healthy"));
            LauncherCopy.Result status = daemon.run("status", "--json");
            JsonNode probes = service(status).path("probes");
            assertThat(probes.get(0).path("probe").asText())
                    .isEqualTo("http http://monitor:***@127.0.0.1:" + port + "/health?api_key=***");
            assertThat(probes.get(1).path("probe").asText()).isEqualTo("exec sh -c PGPASSWORD=*** true --token ***");

            String events = daemon.run("events", "--json").out();
            assertThat(events).contains("monitor:***@127.0.0.1", "PGPASSWORD=***");
            Path state = daemon.root().resolve(".vigil");
            String api = JSON.readTree(state.resolve("status.json").toFile()).path("api").asText();
            String token = Files.readString(state.resolve("token")).strip();
            String spec = get(api + "/api/v1/services/web", token);
            assertThat(JSON.readTree(spec).path("spec").path("health").get(1).asText())
                    .isEqualTo("exec sh -c PGPASSWORD=*** true --token ***");
            String metrics = get(api + "/metrics", token);
            assertThat(metrics).contains("probe=\"http http://monitor:***@127.0.0.1:" + port + "/health?api_key=***\"");

            for (String shown : List.of(status.out(), events, spec, metrics,
                    Files.readString(state.resolve("status.json")))) {
                assertThat(shown).doesNotContain(secrets);
            }
        } finally {
            LauncherCopy.Result down = daemon.run("down");
            assertThat(down.code()).as(down.err()).isZero();
        }
    }

    /**
     * A freeze declared in the stack file, through the launcher: a restart is refused with exit 3 naming the window
     * and its end, an admin's override with a reason goes through on the record, and a window added at run time
     * shows in {@code vigil windows}.
     */
    @Test
    void insideAFreezeARestartIsRefusedUntilOverridden(@TempDir Path own) throws Exception {
        LauncherCopy daemon = LauncherCopy.withBuiltJar(own.resolve("vigil"));
        java.time.LocalDateTime now = java.time.LocalDateTime.now(java.time.ZoneOffset.UTC)
                .truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
        java.time.format.DateTimeFormatter local = java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
        String until = now.plusHours(2).toInstant(java.time.ZoneOffset.UTC).toString();
        Files.writeString(daemon.root().resolve("vigil.yaml"), """
                services:
                  api:
                    command: ["sleep", "1000"]
                  worker:
                    command: ["sleep", "1000"]
                windows:
                  release:
                    kind: freeze
                    from: "%s"
                    to: "%s"
                    zone: UTC
                    services: [api]
                    reason: release week
                """.formatted(local.format(now.minusHours(1)), local.format(now.plusHours(2))));
        try {
            LauncherCopy.Result up = daemon.run("up", "-d", "--listen", "127.0.0.1:0", "--timeout", "40s");
            assertThat(up.code()).as(up.err()).isZero();
            long pid = service(daemon.run("status", "--json")).path("pid").asLong();
            JsonNode statusFile = JSON.readTree(daemon.root().resolve(".vigil/status.json").toFile());
            assertThat(statusFile.path("applied_version").asLong()).isEqualTo(1);
            assertThat(statusFile.path("open_windows").get(0).path("name").asText()).isEqualTo("release");
            assertThat(statusFile.path("services")).filteredOn(s -> s.path("name").asText().equals("api"))
                    .singleElement().satisfies(s -> assertThat(s.path("frozen_until").asText()).isEqualTo(until));
            assertThat(statusFile.path("services")).filteredOn(s -> s.path("name").asText().equals("worker"))
                    .singleElement().satisfies(s -> assertThat(s.path("frozen_until").isNull()).isTrue());

            LauncherCopy.Result refused = daemon.run("restart", "api", "--reason", "new cert");
            assertThat(refused.code()).isEqualTo(3);
            assertThat(refused.err()).startsWith("vigil: restart of api refused: freeze window `release`")
                    .endsWith("; an admin can override it with a reason (--override --reason TEXT)\n");
            assertThat(daemon.run("restart", "worker").code()).isZero();

            LauncherCopy.Result noReason = daemon.run("restart", "api", "--override");
            assertThat(noReason.code()).isEqualTo(2);
            assertThat(noReason.err()).isEqualTo("vigil: --override needs --reason \"...\": an override goes on the record\n");

            LauncherCopy.Result overridden = daemon.run("restart", "api", "--override", "--reason", "hotfix 4711");
            assertThat(overridden.code()).as(overridden.err()).isZero();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                JsonNode api = service(daemon.run("status", "--json"));
                return api.path("pid").asLong() != pid && api.path("state").asText().equals("running");
            });
            String events = daemon.run("events", "--cause", "operator").out();
            assertThat(events).contains("restart (operator, by local-cli) refused: frozen by release until " + until)
                    .contains("restart (operator, by local-cli) overrides release (frozen until " + until + "): hotfix 4711");
            assertThat(daemon.run("audit", "list").out()).contains("service.restart", "override: hotfix 4711");

            LauncherCopy.Result added = daemon.run("freeze", "add", "--from", "2030-12-24 12:00", "--to",
                    "2030-12-27 08:00", "--zone", "Europe/Berlin", "--name", "holidays", "--reason", "holidays");
            assertThat(added.code()).as(added.err()).isZero();
            LauncherCopy.Result windows = daemon.run("windows");
            assertThat(windows.code()).isZero();
            assertThat(windows.out()).contains("release", "freeze", "open until", "api", "file", "release week")
                    .contains("holidays", "opens ", "2030-12-24 12:00 to 2030-12-27 08:00, Europe/Berlin", "runtime")
                    .contains("frozen: api until ");
            LauncherCopy.Result endFile = daemon.run("freeze", "end", "release");
            assertThat(endFile.code()).isEqualTo(2);
            assertThat(endFile.err()).contains("declared in the stack file");
            LauncherCopy.Result ended = daemon.run("freeze", "end", "holidays", "--reason", "not this year");
            assertThat(ended.code()).as(ended.err()).isZero();
            assertThat(ended.out()).isEqualTo("ended window holidays\n");
            assertThat(daemon.run("windows").out()).doesNotContain("holidays");

            LauncherCopy.Result timed = daemon.run("freeze", "override", "--for", "30m", "--reason", "incident 4711");
            assertThat(timed.code()).as(timed.err()).isZero();
            assertThat(timed.out()).startsWith("override open for operators until ").endsWith(": incident 4711\n");
            LauncherCopy.Result underOverride = daemon.run("restart", "api");
            assertThat(underOverride.code()).as(underOverride.err()).isZero();
            assertThat(daemon.run("events", "--type", "OverrideUsed").out())
                    .contains("overrides release (frozen until " + until + "): incident 4711 (timed override until ");
            assertThat(daemon.run("freeze", "override", "--for", "2d", "--reason", "x").code()).isEqualTo(2);
        } finally {
            LauncherCopy.Result down = daemon.run("down");
            assertThat(down.code()).as(down.err()).isZero();
        }
    }

    private static JsonNode service(LauncherCopy.Result status) throws IOException {
        assertThat(status.code()).as(status.err()).isZero();
        return JSON.readTree(status.out()).path("services").get(0);
    }

    private static String get(String url, String token) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
            return response.body();
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
