package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alerting end to end with real processes, through the launcher: a crash-looping service that Vigil gives up on is
 * one notification at a webhook within two seconds of the give-up; a database with five dependents going down is
 * exactly one notification, naming the five.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AlertingIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the webhook received, with when. */
    record Received(Instant at, JsonNode body) {
        List<String> services() {
            List<String> out = new ArrayList<>();
            body.path("alerts").forEach(a -> out.add(a.path("labels").path("service").asText()));
            return out;
        }

        List<String> alertnames() {
            List<String> out = new ArrayList<>();
            body.path("alerts").forEach(a -> out.add(a.path("labels").path("alertname").asText()));
            return out;
        }
    }

    @TempDir
    static Path dir;
    private static LauncherCopy vigil;
    private static HttpServer hook;
    private static final List<Received> received = new CopyOnWriteArrayList<>();

    private static String stack(int hookPort, int dbPort) {
        StringBuilder apis = new StringBuilder();
        for (int i = 1; i <= 5; i++) {
            apis.append("""
                      api%d:
                        command: [sleep, "3600"]
                        depends_on: [db]
                        health: {tcp: "127.0.0.1:%d", interval: 1s, failure_threshold: 1}
                    """.formatted(i, dbPort));
        }
        return """
                name: alerting-it
                services:
                  crashy:
                    command: [sh, -c, "sleep 0.3; exit 3"]
                    restart: {limit: {count: 3, window: 1m}}
                  db:
                    command: [sh, -c, "test -f down && exit 1; exec python3 -m http.server %d --bind 127.0.0.1"]
                    health: {tcp: "127.0.0.1:%d", interval: 1s}
                    restart: {limit: {count: 2, window: 1m}}
                  restartee:
                    command: [sleep, "3600"]
                %s
                alerting:
                  evaluation_interval: 1s
                  rule_files: [rules.yml]
                  responses:
                    - {alert: RestartMe, action: restart, limit: {count: 1, window: 1h}}
                    - {alert: RestartMe, action: command, command: [sh, -c, "echo $VIGIL_ALERT_SERVICE >> responded.txt"]}
                  route:
                    receiver: hook
                    group_by: [service]
                    group_wait: 5s
                    group_interval: 1m
                    routes:
                      - matchers: [service="crashy"]
                        group_by: [alertname, service]
                        group_wait: 0s
                  receivers:
                    - name: hook
                      webhook_configs: [{url: "http://127.0.0.1:%d/hook"}]
                """.formatted(dbPort, dbPort, apis, hookPort);
    }

    private static final String RULES = """
            groups:
              - name: dependents
                rules:
                  - alert: ServiceWasUnhealthy
                    expr: max by (service) (max_over_time(vigil_service_state{state="unhealthy"}[2m])) == 1
                    labels: {severity: warning}
                    annotations: {summary: "{{ $labels.service }} was unhealthy"}
              - name: responses
                rules:
                  - alert: RestartMe
                    expr: max by (service) (vigil_service_state{service="restartee", state="running"}) == 1
                    labels: {severity: info}
            """;

    @BeforeAll
    static void up() throws Exception {
        hook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hook.createContext("/hook", exchange -> {
            received.add(new Received(Instant.now(), JSON.readTree(exchange.getRequestBody())));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        hook.start();
        vigil = LauncherCopy.withBuiltJar(dir.resolve("vigil"));
        Files.writeString(vigil.root().resolve("vigil.yaml"), stack(hook.getAddress().getPort(), freePort()));
        Files.writeString(vigil.root().resolve("rules.yml"), RULES);
        LauncherCopy.Result up = vigil.run("up", "-d", "--listen", "127.0.0.1:0", "--timeout", "60s");
        assertThat(up.code()).as(up.err()).isZero();
    }

    @AfterAll
    static void down() throws Exception {
        try {
            if (vigil != null) {
                LauncherCopy.Result down = vigil.run("down");
                assertThat(down.code()).as(down.err()).isZero();
            }
        } finally {
            hook.stop(0);
        }
    }

    @Test
    @Order(1)
    void aServiceVigilGivesUpOnIsNotifiedWithinTwoSecondsOfTheGiveUp() throws Exception {
        await("crashy's give-up notified").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> gaveUpNotification("crashy") != null);
        Instant gaveUp = eventAt("GaveUp", "crashy");
        Received notified = gaveUpNotification("crashy");
        assertThat(Duration.between(gaveUp, notified.at())).isLessThan(Duration.ofSeconds(2));
        assertThat(received.stream().filter(r -> r.alertnames().contains("VigilServiceGaveUp")
                && r.services().contains("crashy"))).hasSize(1);
        assertThat(notified.body().path("version").asText()).isEqualTo("4");
        assertThat(notified.body().path("status").asText()).isEqualTo("firing");
        assertThat(notified.body().path("commonLabels").path("severity").asText()).isEqualTo("critical");
        // As Alertmanager: a firing alert has no end yet, and the notification links back to the daemon.
        assertThat(notified.body().path("alerts").get(0).path("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
        assertThat(notified.body().path("externalURL").asText()).startsWith("http://127.0.0.1:");
    }

    @Test
    @Order(2)
    void aDatabaseWithFiveDependentsGoingDownIsOneNotificationNamingTheFive() throws Exception {
        await("the dependents healthy").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> vigil.run("status").out().lines().filter(l -> l.startsWith("api") && l.contains("healthy")
                        && !l.contains("unhealthy")).count() == 5);
        int before = received.size();
        Files.writeString(vigil.root().resolve("down"), "");
        LauncherCopy.Result restart = vigil.run("restart", "db", "--reason", "take the database down");
        assertThat(restart.code()).as(restart.err()).isZero();

        await("the database's notification").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> fromStack(before).stream().anyMatch(r -> r.services().contains("db")));
        // Any notification of a dependent would come within a group_wait of its alert: wait out two.
        await().during(Duration.ofSeconds(10)).atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(500))
                .until(() -> fromStack(before).size() == 1);
        Received only = fromStack(before).get(0);
        assertThat(only.alertnames()).containsExactly("VigilServiceGaveUp");
        List<String> affected = new ArrayList<>();
        only.body().path("affectedServices").forEach(n -> affected.add(n.asText()));
        assertThat(affected).containsExactly("api1", "api2", "api3", "api4", "api5");
    }

    @Test
    @Order(3)
    void anAlertsResponsesAreTakenAuditedAndLimited() throws Exception {
        await("the command response ran").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.exists(vigil.root().resolve("responded.txt")));
        await("restartee restarted for the alert").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> vigil.run("events", "--type", "RestartScheduled", "--service", "restartee", "--cause",
                        "alert").out().lines().count() == 1);
        LauncherCopy.Result responses = vigil.run("events", "--type", "ResponseTaken");
        assertThat(responses.out()).contains("response to RestartMe (restartee): restart: restarted restartee")
                .contains("response to RestartMe (restartee): command: exit 0");
        assertThat(Files.readString(vigil.root().resolve("responded.txt"))).startsWith("restartee\n");
        LauncherCopy.Result audit = vigil.run("audit", "list");
        assertThat(audit.out()).contains("response.restart").contains("response.command");

        // Stopped long enough for the alert to resolve, then started: it fires again, and the restart's limit (once
        // an hour) holds while the command, which has the default limit, runs again.
        assertThat(vigil.run("stop", "restartee", "--reason", "resolve RestartMe").code()).isZero();
        await("RestartMe resolved").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                .until(() -> vigil.run("events", "--type", "AlertResolved").out().contains("RestartMe"));
        assertThat(vigil.run("start", "restartee", "--reason", "fire RestartMe again").code()).isZero();
        await("the second round of responses").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> vigil.run("events", "--type", "ResponseTaken").out().contains("skipped: taken 1 times"));
        assertThat(vigil.run("events", "--type", "RestartScheduled", "--service", "restartee", "--cause", "alert")
                .out().lines().count()).isEqualTo(1);
        await("the command again").atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(500))
                .until(() -> Files.readString(vigil.root().resolve("responded.txt")).equals("restartee\nrestartee\n"));
    }

    @Test
    @Order(4)
    void vigilOpenPrintsAOneTimeLinkThatLogsIntoTheDashboard() throws Exception {
        LauncherCopy.Result open = vigil.run("open", "--no-browser");
        assertThat(open.code()).as(open.err()).isZero();
        java.net.URI link = java.net.URI.create(open.out().strip());
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> first = http.send(java.net.http.HttpRequest.newBuilder(link).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(first.statusCode()).isEqualTo(303);
        String cookie = first.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        java.net.http.HttpResponse<String> overview = http.send(java.net.http.HttpRequest.newBuilder(
                link.resolve("/")).header("Cookie", cookie).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(overview.statusCode()).isEqualTo(200);
        assertThat(overview.body()).contains("<h1>alerting-it</h1>", "<a href=\"/services/db\">db</a>", "(admin)");
        assertThat(http.send(java.net.http.HttpRequest.newBuilder(link).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()).statusCode()).as("used once").isEqualTo(401);
    }

    /** The notifications about the database and its dependents since the first {@code skip}. */
    private static List<Received> fromStack(int skip) {
        Set<String> ours = Set.of("db", "api1", "api2", "api3", "api4", "api5");
        return received.subList(skip, received.size()).stream()
                .filter(r -> r.services().stream().anyMatch(ours::contains)).toList();
    }

    private static Received gaveUpNotification(String service) {
        return received.stream().filter(r -> r.alertnames().contains("VigilServiceGaveUp")
                && r.services().contains(service)).findFirst().orElse(null);
    }

    private static Instant eventAt(String type, String service) throws Exception {
        LauncherCopy.Result events = vigil.run("events", "--type", type, "--service", service, "--json");
        assertThat(events.code()).as(events.err()).isZero();
        JsonNode first = JSON.readTree(events.out().lines().findFirst().orElseThrow());
        return Instant.parse(first.path("at").asText());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
