package dev.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.event.EventQuery;
import dev.vigil.event.ServiceEvent;
import dev.vigil.event.StoredEvent;
import dev.vigil.supervise.ServiceState;
import dev.vigil.time.ManualScheduler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What each endpoint answers: status, JSON shape, paging, redaction. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ContractTest {

    Path dir;
    TestDaemon d;
    /** Just before and just after the daemon started: its start time lies between. */
    Instant beforeStart;
    Instant afterStart;

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        dir = tmp;
        beforeStart = Instant.now();
        d = TestDaemon.start(dir);
        afterStart = Instant.now();
        d.stack.started().get(10, java.util.concurrent.TimeUnit.SECONDS);
    }

    @AfterAll
    void stop() {
        d.close();
    }

    @Test
    void stackSummary() {
        Instant asked = Instant.now();
        TestDaemon.Response r = d.get("/api/v1/stack", d.viewer);
        Instant answered = Instant.now();
        assertThat(r.status()).isEqualTo(200);
        JsonNode j = r.json();
        assertThat(j.get("name").asText()).isEqualTo("shop");
        assertThat(j.get("file").asText()).endsWith("vigil.yaml");
        assertThat(j.get("state").asText()).isEqualTo("started");
        assertThat(j.get("services").asInt()).isEqualTo(4);
        assertThat(j.get("version").asText()).isEqualTo("0.1.0-test");
        assertThat(j.get("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        Instant startedAt = Instant.parse(j.get("started_at").asText());
        assertThat(startedAt).isBetween(beforeStart, afterStart);
        assertUptime(j, startedAt, asked, answered);
        assertThat(j.get("api").asText()).isEqualTo(d.server.address().toString());
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.header("Cache-Control")).isEqualTo("no-store");
        assertThat(r.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control"));
    }

    @Test
    void theStacksStartAndUptimeAreReadFromTheControlPlanesClock(@TempDir Path own) {
        ManualScheduler clock = new ManualScheduler(Instant.parse("2026-03-01T10:00:00Z"));
        try (TestDaemon manual = TestDaemon.start(own, c -> c, clock)) {
            clock.advance(Duration.ofMillis(90_061));

            JsonNode j = manual.get("/api/v1/stack", manual.viewer).json();

            assertThat(j.get("started_at").asText()).isEqualTo("2026-03-01T10:00:00Z");
            assertThat(j.get("uptime_ms").asLong()).isEqualTo(90_061);
        }
    }

    @Test
    void servicesInStartOrderWithLiveFields() {
        await().atMost(Duration.ofSeconds(5)).until(() ->
                d.get("/api/v1/services/web", d.viewer).json().get("health").asText().equals("healthy"));
        Instant asked = Instant.now();
        JsonNode list = d.get("/api/v1/services", d.viewer).json().get("services");
        Instant answered = Instant.now();
        List<String> names = new ArrayList<>();
        list.forEach(s -> names.add(s.get("name").asText()));
        assertThat(names).containsExactly("db", "web", "worker", "nolog");
        JsonNode web = list.get(1);
        assertThat(web.fieldNames()).toIterable().containsExactlyInAnyOrder("name", "state", "health", "restarts",
                "pid", "uptime_ms", "since", "started_at", "reason", "probes");
        assertThat(web.get("state").asText()).isEqualTo("healthy");
        assertThat(web.get("pid").asLong())
                .isEqualTo(d.stack.supervisor("web").orElseThrow().status().pid().getAsLong());
        Instant startedAt = Instant.parse(web.get("started_at").asText());
        assertThat(startedAt).isBetween(beforeStart, asked);
        assertUptime(web, startedAt, asked, answered);
        JsonNode probe = web.get("probes").get(0);
        assertThat(probe.get("probe").asText()).contains("http://127.0.0.1:8080/health");
        assertThat(probe.get("status").asText()).isEqualTo("healthy");
        assertThat(probe.get("last_result").asText()).isEqualTo("healthy");
        assertThat(probe.get("detail").asText()).isEqualTo("200 in 1ms");
        assertThat(probe.fieldNames()).toIterable().contains("checked_at", "took_ms");
    }

    @Test
    void oneServiceShowsItsSpecWithSecretsMasked() {
        TestDaemon.Response r = d.get("/api/v1/services/web", d.viewer);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body()).doesNotContain(TestDaemon.SECRET_VALUE);
        JsonNode spec = r.json().get("spec");
        assertThat(spec.get("env").get("DB_PASSWORD").asText()).isEqualTo("***");
        assertThat(spec.get("env").get("API_TOKEN").asText()).isEqualTo("***");
        assertThat(spec.get("env").get("PORT").asText()).isEqualTo("8080");
        assertThat(spec.get("command").get(0).asText()).isEqualTo("python3");
        assertThat(spec.get("restart").get("policy").asText()).isEqualTo("always");
        assertThat(spec.get("stop").get("signal").asText()).isEqualTo("SIGTERM");
        assertThat(spec.get("health").get(0).asText()).contains("/health");
        assertThat(spec.fieldNames()).toIterable().contains("cwd", "depends_on", "memory_limit", "logs");
        JsonNode worker = d.get("/api/v1/services/worker", d.viewer).json().get("spec");
        assertThat(worker.get("depends_on").get(0).get("service").asText()).isEqualTo("db");
        assertThat(worker.get("depends_on").get(0).get("condition").asText()).isEqualTo("started");
    }

    @Test
    void unknownServiceIs404WithItsCode() {
        TestDaemon.Response r = d.get("/api/v1/services/nope", d.viewer);
        assertThat(r.status()).isEqualTo(404);
        assertThat(r.error()).isEqualTo("unknown_service");
        assertThat(d.post("/api/v1/services/nope/restart", d.operator, "").error()).isEqualTo("unknown_service");
    }

    @Test
    void restartIsAcceptedPublishedAndCarriedOut() {
        long startsBefore = d.runtime.starts("worker");
        TestDaemon.Response r = d.post("/api/v1/services/worker/restart", d.operator, "{\"reason\":\"deploy 42\"}");
        assertThat(r.status()).isEqualTo(202);
        JsonNode j = r.json();
        assertThat(j.get("service").asText()).isEqualTo("worker");
        assertThat(j.get("action").asText()).isEqualTo("restart");
        assertThat(j.get("accepted").asBoolean()).isTrue();
        assertThat(j.get("state").isTextual()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> d.runtime.starts("worker") > startsBefore);
        d.flush();
        List<StoredEvent> requested = d.store.query(EventQuery.all().types(java.util.Set.of("ActionRequested")));
        assertThat(requested).anySatisfy(e -> {
            ServiceEvent.ActionRequested a = (ServiceEvent.ActionRequested) e.event();
            assertThat(a.service()).isEqualTo("worker");
            assertThat(a.action()).isEqualTo("restart");
            assertThat(a.actor()).isEqualTo("oncall");
            assertThat(a.reason()).isEqualTo("deploy 42");
        });
    }

    @Test
    void stopThenStart() {
        assertThat(d.post("/api/v1/services/nolog/stop", d.operator, "").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                d.stack.supervisor("nolog").orElseThrow().status().state() == ServiceState.STOPPED);
        assertThat(d.get("/api/v1/services/nolog", d.viewer).json().get("pid").isNull()).isTrue();
        assertThat(d.post("/api/v1/services/nolog/start", d.operator, "{}").status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(5)).until(() ->
                d.stack.supervisor("nolog").orElseThrow().status().state() == ServiceState.RUNNING);
    }

    @Test
    void actionBodiesAreStrict() {
        TestDaemon.Response unknown = d.post("/api/v1/services/db/restart", d.operator, "{\"reason\":\"x\",\"force\":true}");
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.error()).isEqualTo("invalid_request");
        assertThat(unknown.json().get("message").asText()).contains("force");
        TestDaemon.Response wrongType = d.post("/api/v1/services/db/restart", d.operator, "{\"reason\":42}");
        assertThat(wrongType.error()).isEqualTo("invalid_request");
        assertThat(wrongType.json().get("message").asText()).contains("reason");
        TestDaemon.Response tooLong = d.post("/api/v1/services/db/restart", d.operator,
                "{\"reason\":\"" + "x".repeat(501) + "\"}");
        assertThat(tooLong.error()).isEqualTo("invalid_request");
        TestDaemon.Response broken = d.post("/api/v1/services/db/restart", d.operator, "{\"reason\":");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.error()).isEqualTo("invalid_json");
        assertThat(d.post("/api/v1/services/db/restart", d.operator, "[1,2]").error()).isEqualTo("invalid_request");
    }

    @Test
    void logsTail() throws Exception {
        Files.writeString(dir.resolve("db.log"), "one\ntwo\nthree\nfour\npartial");
        TestDaemon.Response r = d.get("/api/v1/services/db/logs?tail=3", d.viewer);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("service").asText()).isEqualTo("db");
        assertThat(r.json().get("file").asText()).endsWith("db.log");
        assertThat(texts(r.json().get("lines"))).containsExactly("three", "four", "partial");
        assertThat(texts(d.get("/api/v1/services/db/logs", d.viewer).json().get("lines")))
                .containsExactly("one", "two", "three", "four", "partial");
        TestDaemon.Response bad = d.get("/api/v1/services/db/logs?tail=10001", d.viewer);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("message").asText()).contains("tail");
        assertThat(d.get("/api/v1/services/nolog/logs", d.viewer).error()).isEqualTo("not_found");
    }

    @Test
    void eventsArePagedBackwards() {
        for (int i = 0; i < 25; i++) {
            d.bus.publish(new ServiceEvent.ActionRequested(Instant.now(), "pager", "restart", "t", "n" + i, dev.vigil.event.Cause.OPERATOR));
        }
        d.flush();
        JsonNode first = d.get("/api/v1/events?service=pager&limit=10", d.viewer).json();
        List<Long> ids = ids(first);
        assertThat(ids).hasSize(10).isSorted();
        assertThat(first.get("next_before").asLong()).isEqualTo(ids.get(0));
        JsonNode second = d.get("/api/v1/events?service=pager&limit=10&before=" + ids.get(0), d.viewer).json();
        assertThat(ids(second)).hasSize(10).allMatch(id -> id < ids.get(0));
        JsonNode third = d.get("/api/v1/events?service=pager&limit=10&before="
                + second.get("next_before").asLong(), d.viewer).json();
        assertThat(ids(third)).hasSize(5);
        assertThat(third.get("next_before").isNull()).isTrue();
        JsonNode e = first.get("events").get(0);
        assertThat(e.fieldNames()).toIterable().containsExactly("id", "at", "service", "type", "message", "data");
        assertThat(e.get("type").asText()).isEqualTo("ActionRequested");
        assertThat(e.get("data").get("actor").asText()).isEqualTo("t");
    }

    @Test
    void eventFiltersAndTheirErrors() {
        d.flush();
        JsonNode recent = d.get("/api/v1/events?since=10m&type=StackStarting", d.viewer).json();
        // The daemon started once, into a fresh store.
        assertThat(recent.get("events")).singleElement()
                .satisfies(e -> assertThat(e.get("type").asText()).isEqualTo("StackStarting"));
        assertThat(d.get("/api/v1/events?until=2000-01-01T00:00:00Z", d.viewer).json().get("events")).isEmpty();
        TestDaemon.Response badType = d.get("/api/v1/events?type=Nope", d.viewer);
        assertThat(badType.status()).isEqualTo(400);
        assertThat(badType.json().get("message").asText()).contains("type").contains("Nope");
        assertThat(d.get("/api/v1/events?since=yesterday", d.viewer).json().get("message").asText()).contains("since");
        assertThat(d.get("/api/v1/events?limit=0", d.viewer).json().get("message").asText()).contains("limit");
        assertThat(d.get("/api/v1/events?limit=1001", d.viewer).status()).isEqualTo(400);
        assertThat(d.get("/api/v1/events?before=x", d.viewer).json().get("message").asText()).contains("before");
        TestDaemon.Response unknown = d.get("/api/v1/events?colour=red", d.viewer);
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().get("message").asText()).contains("colour");
    }

    @Test
    void tokensLifecycle() {
        TestDaemon.Response created = d.post("/api/v1/tokens", d.admin, "{\"name\":\"grafana\",\"role\":\"viewer\"}");
        assertThat(created.status()).isEqualTo(201);
        JsonNode t = created.json();
        assertThat(t.fieldNames()).toIterable().containsExactlyInAnyOrder("id", "name", "role", "created_at", "secret");
        String secret = t.get("secret").asText();
        assertThat(d.get("/api/v1/stack", secret).status()).isEqualTo(200);
        TestDaemon.Response list = d.get("/api/v1/tokens", d.admin);
        assertThat(list.body()).doesNotContain(secret).doesNotContain("hash");
        assertThat(list.json().get("tokens")).anySatisfy(x -> assertThat(x.get("name").asText()).isEqualTo("grafana"));
        assertThat(d.post("/api/v1/tokens", d.admin, "{\"name\":\"grafana\",\"role\":\"admin\"}").status()).isEqualTo(409);
        assertThat(d.post("/api/v1/tokens", d.admin, "{\"name\":\"bad name!\",\"role\":\"admin\"}").error())
                .isEqualTo("invalid_request");
        assertThat(d.post("/api/v1/tokens", d.admin, "{\"name\":\"x\",\"role\":\"root\"}").error())
                .isEqualTo("invalid_request");
        assertThat(d.post("/api/v1/tokens", d.admin, "{\"name\":\"x\"}").error()).isEqualTo("invalid_request");
        assertThat(d.delete("/api/v1/tokens/" + t.get("id").asText(), d.admin).status()).isEqualTo(204);
        assertThat(d.get("/api/v1/stack", secret).status()).isEqualTo(401);
        assertThat(d.delete("/api/v1/tokens/grafana", d.admin).status()).isEqualTo(404);
    }

    @Test
    void auditIsListedAndVerified() {
        d.post("/api/v1/services/db/restart", d.operator, "{\"reason\":\"audit me\"}");
        JsonNode page = d.get("/api/v1/audit?limit=1000", d.admin).json();
        assertThat(page.get("entries")).anySatisfy(e -> {
            assertThat(e.get("actor").asText()).isEqualTo("oncall");
            assertThat(e.get("action").asText()).isEqualTo("service.restart");
            assertThat(e.get("target").asText()).isEqualTo("db");
            assertThat(e.get("reason").asText()).isEqualTo("audit me");
            assertThat(e.get("result").asText()).isEqualTo("ok");
            assertThat(e.fieldNames()).toIterable().contains("seq", "at", "previous_hash", "hash");
        });
        JsonNode one = d.get("/api/v1/audit?after=0&limit=1", d.admin).json();
        assertThat(one.get("entries")).hasSize(1);
        assertThat(one.get("next_after").asLong()).isEqualTo(1);
        JsonNode verify = d.get("/api/v1/audit/verify", d.admin).json();
        assertThat(verify.get("intact").asBoolean()).isTrue();
        assertThat(verify.get("entries").asLong()).isEqualTo(d.audit.entries().size());
    }

    @Test
    void metricsAndOpenApiAreServed() {
        TestDaemon.Response m = d.get("/metrics", d.viewer);
        assertThat(m.status()).isEqualTo(200);
        assertThat(m.header("Content-Type")).startsWith("text/plain; version=0.0.4");
        assertThat(m.body()).contains("vigil_up 1");
        TestDaemon.Response o = d.get("/api/v1/openapi.yaml", d.viewer);
        assertThat(o.status()).isEqualTo(200);
        assertThat(o.body()).startsWith("openapi: 3");
    }

    @Test
    void unknownRoutesAndMethods() {
        TestDaemon.Response none = d.get("/api/v1/nothing", d.viewer);
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.error()).isEqualTo("not_found");
        assertThat(none.header("Cache-Control")).isEqualTo("no-store");
        TestDaemon.Response method = d.send(d.request("/api/v1/stack", d.viewer)
                .method("PUT", java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertThat(method.status()).isEqualTo(405);
        assertThat(method.error()).isEqualTo("method_not_allowed");
        TestDaemon.Response options = d.send(d.request("/api/v1/services", null)
                .header("Origin", "https://evil.example").header("Access-Control-Request-Method", "POST")
                .method("OPTIONS", java.net.http.HttpRequest.BodyPublishers.noBody()).build());
        assertThat(options.status()).isEqualTo(405);
        assertThat(options.error()).isEqualTo("method_not_allowed");
        assertThat(options.headers().map().keySet()).noneMatch(h -> h.toLowerCase().startsWith("access-control"));
    }

    @Test
    void requestsJettyRejectsBeforeRoutingAreAnsweredInJsonToo() throws Exception {
        for (String request : List.of("GET /api/v1/services/%zz HTTP/1.1\r\nHost: x\r\n\r\n",
                "GARBAGE\r\n\r\n",
                "GET /api/v1/stack HTTP/1.1\r\nHost: x\r\nBad Header Line\r\n\r\n")) {
            try (java.net.Socket s = new java.net.Socket(d.server.address().getHost(), d.server.address().getPort())) {
                s.getOutputStream().write(request.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                s.getOutputStream().flush();
                s.setSoTimeout(5000);
                String answer = new String(s.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertThat(answer).as(request).startsWith("HTTP/1.1 4").contains("\"error\":")
                        .doesNotContain("Exception").doesNotContainIgnoringCase("jetty").doesNotContain("<html");
            }
        }
    }

    /** uptime_ms is the reply's "now" less {@code startedAt}, and that now lies between asking and the answer. */
    private static void assertUptime(JsonNode reply, Instant startedAt, Instant asked, Instant answered) {
        assertThat(reply.get("uptime_ms").asLong()).as("uptime_ms of a reply started at %s", startedAt)
                .isBetween(Duration.between(startedAt, asked).toMillis(),
                        Duration.between(startedAt, answered).toMillis());
    }

    private static List<Long> ids(JsonNode page) {
        return StreamSupport.stream(page.get("events").spliterator(), false).map(e -> e.get("id").asLong()).toList();
    }

    private static List<String> texts(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
