package dev.vigil.server;

import dev.vigil.auth.Role;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Every endpoint against no token and each role, from one table that must cover every registered route. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixTest {

    /** One row: a route, a concrete request for it, the least role, and the status when allowed. */
    record Row(String method, String route, Supplier<String> path, Role least, Supplier<String> body, int allowed,
               boolean stream) {
        String key() {
            return method + " " + route;
        }
    }

    private final AtomicInteger counter = new AtomicInteger();
    private TestDaemon d;
    private List<Row> table;

    @BeforeAll
    void start(@TempDir Path dir) {
        d = TestDaemon.start(dir);
        Supplier<String> none = () -> "";
        table = List.of(
                get("/api/v1/openapi.yaml", Role.VIEWER),
                get("/api/v1/stack", Role.VIEWER),
                new Row("POST", "/api/v1/dashboard/links", () -> "/api/v1/dashboard/links", Role.VIEWER, none, 201,
                        false),
                new Row("POST", "/api/v1/stack/down", () -> "/api/v1/stack/down", Role.ADMIN,
                        () -> "{\"reason\":\"matrix\"}", 202, false),
                new Row("POST", "/api/v1/stack/apply", () -> "/api/v1/stack/apply?dry_run=true", Role.ADMIN,
                        () -> "services:\n  db: {command: [postgres]}\n", 200, false),
                get("/api/v1/versions", Role.VIEWER),
                // No version is recorded in this daemon: past authorization, the answer is 404.
                new Row("GET", "/api/v1/versions/{number}", () -> "/api/v1/versions/999", Role.ADMIN, none, 404, false),
                new Row("POST", "/api/v1/versions/{number}/rollback", () -> "/api/v1/versions/999/rollback", Role.ADMIN,
                        none, 404, false),
                get("/api/v1/services", Role.VIEWER),
                new Row("GET", "/api/v1/services/{name}", () -> "/api/v1/services/db", Role.VIEWER, none, 200, false),
                action("start"),
                action("stop"),
                action("restart"),
                new Row("GET", "/api/v1/services/{name}/logs", () -> "/api/v1/services/db/logs", Role.VIEWER, none,
                        200, false),
                new Row("GET", "/api/v1/services/{name}/logs/stream", () -> "/api/v1/services/db/logs/stream",
                        Role.VIEWER, none, 200, true),
                get("/api/v1/events", Role.VIEWER),
                new Row("GET", "/api/v1/events/stream", () -> "/api/v1/events/stream", Role.VIEWER, none, 200, true),
                get("/api/v1/metrics/series", Role.VIEWER),
                get("/api/v1/metrics/labels", Role.VIEWER),
                new Row("GET", "/api/v1/metrics/labels/{name}/values", () -> "/api/v1/metrics/labels/service/values",
                        Role.VIEWER, none, 200, false),
                new Row("GET", "/api/v1/metrics/query_range", () -> "/api/v1/metrics/query_range?series=up",
                        Role.VIEWER, none, 200, false),
                get("/api/v1/metrics/usage", Role.VIEWER),
                get("/api/v1/findings", Role.VIEWER),
                // This daemon runs no alerting: past authorization, its endpoints answer 503.
                unavailable("GET", "/api/v1/alerts", "/api/v1/alerts", Role.VIEWER),
                unavailable("POST", "/api/v1/alerts/{fingerprint}/ack", "/api/v1/alerts/abc/ack", Role.OPERATOR),
                unavailable("GET", "/api/v1/silences", "/api/v1/silences", Role.VIEWER),
                unavailable("POST", "/api/v1/silences", "/api/v1/silences", Role.OPERATOR),
                unavailable("DELETE", "/api/v1/silences/{id}", "/api/v1/silences/abc", Role.OPERATOR),
                unavailable("GET", "/api/v1/notifications/failed", "/api/v1/notifications/failed", Role.VIEWER),
                unavailable("DELETE", "/api/v1/notifications/failed/{id}", "/api/v1/notifications/failed/1",
                        Role.OPERATOR),
                unavailable("POST", "/api/v1/receivers/{name}/test", "/api/v1/receivers/team/test", Role.OPERATOR),
                unavailable("GET", "/api/v1/rules", "/api/v1/rules", Role.VIEWER),
                unavailable("GET", "/alertmanager/api/v2/alerts", "/alertmanager/api/v2/alerts", Role.VIEWER),
                unavailable("POST", "/alertmanager/api/v2/alerts", "/alertmanager/api/v2/alerts", Role.OPERATOR),
                unavailable("GET", "/alertmanager/api/v2/alerts/groups", "/alertmanager/api/v2/alerts/groups",
                        Role.VIEWER),
                unavailable("GET", "/alertmanager/api/v2/silences", "/alertmanager/api/v2/silences", Role.VIEWER),
                unavailable("POST", "/alertmanager/api/v2/silences", "/alertmanager/api/v2/silences", Role.OPERATOR),
                unavailable("GET", "/alertmanager/api/v2/silence/{silenceID}", "/alertmanager/api/v2/silence/abc",
                        Role.VIEWER),
                unavailable("DELETE", "/alertmanager/api/v2/silence/{silenceID}", "/alertmanager/api/v2/silence/abc",
                        Role.OPERATOR),
                new Row("GET", "/alertmanager/api/v2/status", () -> "/alertmanager/api/v2/status", Role.VIEWER,
                        none, 200, false),
                unavailable("GET", "/alertmanager/api/v2/receivers", "/alertmanager/api/v2/receivers", Role.VIEWER),
                get("/api/v1/windows", Role.VIEWER),
                new Row("POST", "/api/v1/windows", () -> "/api/v1/windows", Role.OPERATOR,
                        () -> "{\"name\":\"w-" + counter.incrementAndGet() + "\",\"from\":\"2030-01-01 00:00\","
                                + "\"to\":\"2030-01-02 00:00\",\"zone\":\"UTC\",\"reason\":\"matrix\"}", 201, false),
                new Row("POST", "/api/v1/windows/{name}/end", () -> "/api/v1/windows/" + addedWindow() + "/end",
                        Role.ADMIN, none, 200, false),
                new Row("POST", "/api/v1/freeze/override", () -> "/api/v1/freeze/override", Role.ADMIN,
                        () -> "{\"for\":\"1m\",\"reason\":\"matrix\"}", 201, false),
                get("/api/v1/tokens", Role.ADMIN),
                new Row("POST", "/api/v1/tokens", () -> "/api/v1/tokens", Role.ADMIN,
                        () -> "{\"name\":\"made-" + counter.incrementAndGet() + "\",\"role\":\"viewer\"}", 201, false),
                new Row("DELETE", "/api/v1/tokens/{idOrName}",
                        () -> "/api/v1/tokens/" + d.tokens.create("doomed-" + counter.incrementAndGet(), Role.VIEWER)
                                .token().id(), Role.ADMIN, none, 204, false),
                get("/api/v1/audit", Role.ADMIN),
                get("/api/v1/audit/verify", Role.ADMIN),
                get("/metrics", Role.VIEWER),
                get("/prometheus/api/v1/query?query=up", "/prometheus/api/v1/query"),
                post("/prometheus/api/v1/query?query=up", "/prometheus/api/v1/query"),
                get("/prometheus/api/v1/query_range?query=up&start=0&end=60&step=15", "/prometheus/api/v1/query_range"),
                post("/prometheus/api/v1/query_range?query=up&start=0&end=60&step=15", "/prometheus/api/v1/query_range"),
                get("/prometheus/api/v1/series?match%5B%5D=up", "/prometheus/api/v1/series"),
                post("/prometheus/api/v1/series?match%5B%5D=up", "/prometheus/api/v1/series"),
                get("/prometheus/api/v1/labels", "/prometheus/api/v1/labels"),
                post("/prometheus/api/v1/labels", "/prometheus/api/v1/labels"),
                get("/prometheus/api/v1/label/service/values", "/prometheus/api/v1/label/{name}/values"),
                get("/prometheus/api/v1/status/buildinfo", Role.VIEWER),
                get("/prometheus/api/v1/metadata", Role.VIEWER));
    }

    @AfterAll
    void stop() {
        d.close();
    }

    @Test
    void theTableCoversEveryRegisteredRoute() {
        List<String> registered = d.server.registeredRoutes();
        assertThat(table.stream().map(Row::key).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(registered);
        assertThat(registered).doesNotHaveDuplicates();
        assertThat(d.server.routes().stream().map(Route::key).toList()).containsExactlyInAnyOrderElementsOf(registered);
    }

    @TestFactory
    Stream<DynamicTest> everyRouteForEveryCaller() {
        List<DynamicTest> tests = new ArrayList<>();
        List<Optional<Role>> callers = new ArrayList<>();
        callers.add(Optional.empty());
        Arrays.stream(Role.values()).map(Optional::of).forEach(callers::add);
        for (Row row : table) {
            for (Optional<Role> caller : callers) {
                int expected = caller.isEmpty() ? 401 : caller.get().includes(row.least()) ? row.allowed() : 403;
                String name = row.key() + " as " + caller.map(Role::label).orElse("nobody") + " -> " + expected;
                tests.add(DynamicTest.dynamicTest(name, () -> check(row, caller, expected)));
            }
        }
        return tests.stream();
    }

    private void check(Row row, Optional<Role> caller, int expected) throws Exception {
        String token = caller.map(d::token).orElse(null);
        HttpRequest.Builder b = d.request(row.path().get(), token);
        String body = row.body().get();
        b.method(row.method(), body.isEmpty() ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (row.stream() && expected == 200) {
            HttpResponse<InputStream> r = d.http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = r.body()) {
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
            }
            return;
        }
        TestDaemon.Response r = d.send(b.build());
        assertThat(r.status()).as(r.body()).isEqualTo(expected);
        switch (expected) {
            case 401 -> {
                assertThat(error(row, r)).isEqualTo("unauthorized");
                assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
            }
            case 403 -> assertThat(error(row, r)).isEqualTo("forbidden");
            default -> { }
        }
    }

    /**
     * The error code: Prometheus's routes answer in Prometheus's error body, the code as its errorType;
     * Alertmanager's answer a JSON string, the message alone, which is matched to the code here.
     */
    private static String error(Row row, TestDaemon.Response r) {
        if (row.route().startsWith("/alertmanager/")) {
            assertThat(r.json().isTextual()).as(r.body()).isTrue();
            return r.json().asText().contains("role") ? "forbidden" : "unauthorized";
        }
        return row.route().startsWith("/prometheus/") ? r.json().path("errorType").asText() : r.error();
    }

    /** A window added at run time, for the end route to end. */
    private String addedWindow() {
        String name = "doomed-" + counter.incrementAndGet();
        d.plane.gates().add(new dev.vigil.gate.AddedWindow(name, "freeze", java.time.LocalDateTime.parse("2030-01-01T00:00"),
                java.time.LocalDateTime.parse("2030-01-02T00:00"), java.time.ZoneId.of("UTC"), List.of(), "matrix",
                "test", java.time.Instant.now()));
        return name;
    }

    private static Row get(String path, Role least) {
        return new Row("GET", path, () -> path, least, () -> "", 200, false);
    }

    /** A viewer's read of Prometheus's API, by GET. */
    private static Row get(String path, String route) {
        return new Row("GET", route, () -> path, Role.VIEWER, () -> "", 200, false);
    }

    /** The same by POST, the parameters in the URL (a form body's are read alike; see PrometheusEndpointsTest). */
    private static Row post(String path, String route) {
        return new Row("POST", route, () -> path, Role.VIEWER, () -> "", 200, false);
    }

    private static Row unavailable(String method, String route, String path, Role least) {
        return new Row(method, route, () -> path, least, () -> "", 503, false);
    }

    private static Row action(String action) {
        return new Row("POST", "/api/v1/services/{name}/" + action, () -> "/api/v1/services/worker/" + action,
                Role.OPERATOR, () -> "", 202, false);
    }
}
