package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alerting through a daemon started by the launcher, with the tools that speak Alertmanager's API: amtool lists
 * Vigil's alerts and silences them, a real Prometheus posts its alerts to Vigil, and the CLI's alert commands. Needs
 * amtool (Debian's prometheus-alertmanager) and a Prometheus at /usr/bin/prometheus (or $VIGIL_TEST_PROMETHEUS).
 */
class AlertToolsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String STACK = """
            name: alerted
            services:
              web:
                command: ["sleep", "1000"]
            alerting:
              route:
                receiver: team
                group_by: [alertname]
              receivers:
                - name: team
            """;

    @TempDir
    static Path dir;

    private static LauncherCopy vigil;
    private static URI api;
    private static String operator;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void up() throws Exception {
        vigil = LauncherCopy.withBuiltJar(dir.resolve("vigil"));
        Files.writeString(vigil.root().resolve("vigil.yaml"), STACK);
        LauncherCopy.Result up = vigil.run("up", "-d", "--listen", "127.0.0.1:0", "--timeout", "40s");
        assertThat(up.code()).as(up.err()).isZero();
        api = URI.create(JSON.readTree(Files.readString(vigil.root().resolve(".vigil/status.json"))).path("api").asText());
        LauncherCopy.Result token = vigil.run("token", "create", "--name", "alert-tools", "--role", "operator");
        assertThat(token.code()).as(token.err()).isZero();
        operator = token.out().strip();
    }

    @AfterAll
    static void down() throws Exception {
        LauncherCopy.Result down = vigil.run("down");
        assertThat(down.code()).as(down.err()).isZero();
    }

    /** Posts alerts to the Alertmanager-compatible intake, as a Prometheus does. */
    private static void post(String alerts) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(api.resolve("/alertmanager/api/v2/alerts"))
                .header("Authorization", "Bearer " + operator).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(alerts)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    }

    private static List<JsonNode> alerts(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("alerts", "--json"));
        args.addAll(List.of(extra));
        LauncherCopy.Result r = vigil.run(args.toArray(String[]::new));
        assertThat(r.code()).as(r.err()).isZero();
        return StreamSupport.stream(JSON.readTree(r.out()).path("alerts").spliterator(), false).toList();
    }

    private static Optional<JsonNode> alert(String name) throws Exception {
        return alerts().stream().filter(a -> a.path("name").asText().equals(name)).findFirst();
    }

    private static JsonNode silence(String id) throws Exception {
        LauncherCopy.Result r = vigil.run("silence", "list", "--json");
        assertThat(r.code()).as(r.err()).isZero();
        return StreamSupport.stream(JSON.readTree(r.out()).path("silences").spliterator(), false)
                .filter(s -> s.path("id").asText().equals(id)).findFirst().orElseThrow();
    }

    /** A program on the PATH (or at a fixed place); the test fails, not skips, without it. */
    private static Path program(String name, String install) {
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(p -> Path.of(p, name)).filter(Files::isExecutable).findFirst();
        assertThat(found).as(name + " is needed by this test: " + install).isPresent();
        return found.get();
    }

    private static Process start(Path log, String... command) throws Exception {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static LauncherCopy.Result amtool(Path config, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(program("amtool", "apt-get install prometheus-alertmanager")
                .toString(), "--alertmanager.url=" + api + "/alertmanager", "--http.config.file=" + config));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "amtool", ".out");
        Path err = Files.createTempFile(dir, "amtool", ".err");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("amtool " + String.join(" ", args) + " finished").isTrue();
        return new LauncherCopy.Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void amtoolListsVigilsAlertsAndAddsAndExpiresASilence() throws Exception {
        Path config = dir.resolve("amtool-http.yml");
        Files.writeString(config, "authorization:\n  type: Bearer\n  credentials: " + operator + "\n");
        post("[{\"labels\": {\"alertname\": \"AmtoolSees\", \"severity\": \"warning\"},"
                + " \"annotations\": {\"summary\": \"seen by amtool\"}}]");

        LauncherCopy.Result query = amtool(config, "alert", "query", "-o", "json", "alertname=AmtoolSees");
        assertThat(query.code()).as(query.err()).isZero();
        JsonNode listed = JSON.readTree(query.out());
        assertThat(listed).singleElement().satisfies(a -> {
            assertThat(a.path("labels").path("severity").asText()).isEqualTo("warning");
            assertThat(a.path("status").path("state").asText()).isEqualTo("active");
        });
        LauncherCopy.Result simple = amtool(config, "alert", "query");
        assertThat(simple.code()).as(simple.err()).isZero();
        assertThat(simple.out()).contains("AmtoolSees").contains("seen by amtool");

        LauncherCopy.Result add = amtool(config, "silence", "add", "alertname=AmtoolSees", "--author=amtool-user",
                "--comment=quiet please", "--duration=1h");
        assertThat(add.code()).as(add.err()).isZero();
        String id = add.out().strip();
        assertThat(silence(id).path("state").asText()).isEqualTo("active");
        assertThat(silence(id).path("created_by").asText()).isEqualTo("amtool-user");
        assertThat(alert("AmtoolSees").orElseThrow().path("state").asText()).isEqualTo("suppressed");

        LauncherCopy.Result silences = amtool(config, "silence", "query", "-o", "json");
        assertThat(silences.code()).as(silences.err()).isZero();
        assertThat(JSON.readTree(silences.out())).anySatisfy(s -> assertThat(s.path("id").asText()).isEqualTo(id));

        LauncherCopy.Result expire = amtool(config, "silence", "expire", id);
        assertThat(expire.code()).as(expire.err()).isZero();
        assertThat(silence(id).path("state").asText()).isEqualTo("expired");
        assertThat(alert("AmtoolSees").orElseThrow().path("state").asText()).isEqualTo("active");
    }

    @Test
    void aPrometheusPostsItsAlertsToVigil() throws Exception {
        Path prometheus = Path.of(System.getenv().getOrDefault("VIGIL_TEST_PROMETHEUS", "/usr/bin/prometheus"));
        assertThat(Files.isExecutable(prometheus)).as("a Prometheus is needed by this test at " + prometheus).isTrue();
        Path home = Files.createDirectories(dir.resolve("prometheus"));
        Files.writeString(home.resolve("rules.yml"), """
                groups:
                  - name: it
                    interval: 1s
                    rules:
                      - alert: PrometheusSaysHello
                        expr: vector(1)
                        labels: {severity: info}
                        annotations: {summary: "posted by a real Prometheus"}
                """);
        Files.writeString(home.resolve("prometheus.yml"), """
                global: {evaluation_interval: 1s}
                rule_files: [rules.yml]
                alerting:
                  alertmanagers:
                    - path_prefix: /alertmanager
                      authorization: {type: Bearer, credentials: %s}
                      static_configs: [{targets: ["%s"]}]
                """.formatted(operator, api.getAuthority()));
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        Process p = start(home.resolve("prometheus.log"), prometheus.toString(),
                "--config.file=" + home.resolve("prometheus.yml"), "--storage.tsdb.path=" + home.resolve("data"),
                "--web.listen-address=127.0.0.1:" + port,
                // Its first send may come before it has found Vigil (and is dropped); resend soon, not in a minute.
                "--rules.alert.resend-delay=1s");
        try {
            await("PrometheusSaysHello posted by Prometheus (its log: " + home.resolve("prometheus.log") + ")")
                    .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> alert("PrometheusSaysHello").isPresent());
            JsonNode a = alert("PrometheusSaysHello").orElseThrow();
            assertThat(a.path("state").asText()).isEqualTo("active");
            assertThat(a.path("source").asText()).isEqualTo("api");
            assertThat(a.path("annotations").path("summary").asText()).isEqualTo("posted by a real Prometheus");
            assertThat(a.path("generator_url").asText()).contains(":" + port + "/");
            assertThat(a.path("receivers").get(0).asText()).isEqualTo("team");
        } finally {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void theCliListsAcknowledgesAndSilencesAlerts() throws Exception {
        post("[{\"labels\": {\"alertname\": \"CliSees\", \"severity\": \"critical\", \"service\": \"web\"},"
                + " \"annotations\": {\"summary\": \"web is slow\"}}]");
        LauncherCopy.Result table = vigil.run("alerts");
        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out()).contains("CliSees (1)").containsPattern("FINGERPRINT +STATE +SINCE +LABELS")
                .containsPattern("active +[0-9]+s +service=web,severity=critical +team").contains("web is slow");
        String fingerprint = alert("CliSees").orElseThrow().path("fingerprint").asText();

        LauncherCopy.Result ack = vigil.run("alert", "ack", fingerprint.substring(0, 10), "--for", "2h",
                "--reason", "looking into it");
        assertThat(ack.code()).as(ack.err()).isZero();
        assertThat(ack.out()).startsWith("acknowledged " + fingerprint + " until ");
        assertThat(alert("CliSees").orElseThrow().path("ack").path("reason").asText()).isEqualTo("looking into it");
        assertThat(vigil.run("alerts").out()).containsPattern("acked by \\S+ for [12]h");
        LauncherCopy.Result unknown = vigil.run("alert", "ack", "ffffffffffffffff", "--for", "1h", "--reason", "x");
        assertThat(unknown.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(unknown.err()).contains("no firing alert");

        LauncherCopy.Result add = vigil.run("silence", "add", "alertname=CliSees", "service=~\"web|api\"", "--for", "1h",
                "--comment", "deploying");
        assertThat(add.code()).as(add.err()).isZero();
        String id = add.out().split(" ")[1];
        LauncherCopy.Result list = vigil.run("silence", "list");
        assertThat(list.out()).contains(id).contains("alertname=\"CliSees\",service=~\"web|api\"").contains("deploying");
        assertThat(vigil.run("alerts").out()).contains("silenced (" + id + ")");
        LauncherCopy.Result until = vigil.run("silence", "add", "alertname=Later", "--until", "2099-01-01 00:00",
                "--comment", "far");
        assertThat(until.code()).as(until.err()).isZero();
        assertThat(until.out()).endsWith("until " + SilenceCommand.local("2099-01-01T00:00:00Z") + "\n");

        LauncherCopy.Result expire = vigil.run("silence", "expire", id);
        assertThat(expire.code()).as(expire.err()).isZero();
        assertThat(silence(id).path("state").asText()).isEqualTo("expired");
        assertThat(vigil.run("silence", "expire", "no-such-silence").code()).isEqualTo(ExitCodes.INVALID);
        LauncherCopy.Result endless = vigil.run("silence", "add", "alertname=CliSees", "--comment", "x");
        assertThat(endless.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(endless.err()).contains("a silence needs an end (ends_at) or a length (for)");
    }

    @Test
    void receiversAreTestedAndFailedNotificationsListed() throws Exception {
        LauncherCopy.Result test = vigil.run("notify", "test", "team");
        assertThat(test.code()).as(test.err()).isZero();
        assertThat(test.out()).startsWith("receiver team:");
        LauncherCopy.Result unknown = vigil.run("notify", "test", "nobody");
        assertThat(unknown.code()).isEqualTo(ExitCodes.INVALID);
        assertThat(unknown.err()).contains("no receiver named 'nobody'; receivers: team");

        LauncherCopy.Result failed = vigil.run("notifications", "failed");
        assertThat(failed.code()).as(failed.err()).isZero();
        assertThat(failed.out()).isEqualTo("no failed notifications\n");
        LauncherCopy.Result json = vigil.run("notifications", "failed", "--json");
        assertThat(JSON.readTree(json.out()).path("failed").isArray()).isTrue();
    }
}
