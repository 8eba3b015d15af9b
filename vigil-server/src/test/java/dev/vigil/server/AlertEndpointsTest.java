package dev.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.audit.AuditEntry;
import dev.vigil.audit.AuditRecord;
import dev.vigil.auth.Role;
import dev.vigil.notify.DeadLetter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** Vigil's own alerting API over real HTTP, on alerting that runs on the test's clock. */
class AlertEndpointsTest {

    @TempDir
    Path dir;
    private AlertingFixture f;
    private TestDaemon d;
    private String viewer;
    private String operator;

    @BeforeEach
    void start() {
        f = new AlertingFixture(dir);
        d = f.d;
        viewer = d.token(Role.VIEWER);
        operator = d.token(Role.OPERATOR);
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private static List<JsonNode> alerts(TestDaemon.Response r) {
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return StreamSupport.stream(r.json().path("alerts").spliterator(), false).toList();
    }

    private static String q(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private List<AuditRecord> audit(String action) {
        return d.audit.entries().stream().map(AuditEntry::record).filter(r -> r.action().equals(action)).toList();
    }

    @Test
    void listsAlertsWithTheirStateReceiversAndSilencesAndFiltersThem() {
        String down = f.fire(Map.of("alertname", "ApiDown", "severity", "critical", "service", "api"));
        String disk = f.fire(Map.of("alertname", "DiskFull", "severity", "warning"));
        TestDaemon.Response silenced = d.post("/api/v1/silences", operator,
                "{\"matchers\":[\"alertname=DiskFull\"],\"for\":\"1h\",\"comment\":\"known\"}");
        assertThat(silenced.status()).as(silenced.body()).isEqualTo(201);

        List<JsonNode> all = alerts(d.get("/api/v1/alerts", viewer));
        assertThat(all).extracting(a -> a.path("fingerprint").asText()).containsExactlyInAnyOrder(down, disk);
        JsonNode apiDown = all.stream().filter(a -> a.path("name").asText().equals("ApiDown")).findFirst().orElseThrow();
        assertThat(apiDown.path("state").asText()).isEqualTo("active");
        assertThat(apiDown.path("labels").path("service").asText()).isEqualTo("api");
        assertThat(apiDown.path("annotations").path("summary").asText()).isEqualTo("it broke");
        assertThat(apiDown.path("source").asText()).isEqualTo("api");
        assertThat(apiDown.path("receivers")).extracting(JsonNode::asText).containsExactly("pager");
        assertThat(apiDown.path("starts_at").asText()).isEqualTo(AlertingFixture.T0.toString());
        assertThat(apiDown.path("ack").isNull()).isTrue();
        JsonNode diskFull = all.stream().filter(a -> a.path("name").asText().equals("DiskFull")).findFirst().orElseThrow();
        assertThat(diskFull.path("state").asText()).isEqualTo("suppressed");
        assertThat(diskFull.path("silenced_by").get(0).asText()).isEqualTo(silenced.json().path("id").asText());

        assertThat(alerts(d.get("/api/v1/alerts?state=active", viewer))).extracting(a -> a.path("name").asText())
                .containsExactly("ApiDown");
        assertThat(alerts(d.get("/api/v1/alerts?state=suppressed,resolved", viewer)))
                .extracting(a -> a.path("name").asText()).containsExactly("DiskFull");
        assertThat(alerts(d.get("/api/v1/alerts?filter=" + q("severity=\"warning\""), viewer)))
                .extracting(a -> a.path("name").asText()).containsExactly("DiskFull");
        assertThat(alerts(d.get("/api/v1/alerts?receiver=pag.*", viewer))).extracting(a -> a.path("name").asText())
                .containsExactly("ApiDown");

        TestDaemon.Response bad = d.get("/api/v1/alerts?state=firing", viewer);
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("message").asText()).contains("pending, active, suppressed and resolved");
        assertThat(d.get("/api/v1/alerts?filter=" + q("severity=\"x"), viewer).status()).isEqualTo(400);
    }

    @Test
    void resolvedAlertsAreListedAsResolved() {
        f.fire(Map.of("alertname", "Blip"));
        f.clock.advance(Duration.ofMinutes(6));
        assertThat(alerts(d.get("/api/v1/alerts", viewer))).extracting(a -> a.path("state").asText())
                .containsExactly("resolved");
        assertThat(alerts(d.get("/api/v1/alerts?state=active,pending,suppressed", viewer))).isEmpty();
    }

    @Test
    void acknowledgesByFingerprintPrefixOnTheRecord() {
        String fp = f.fire(Map.of("alertname", "ApiDown", "severity", "critical"));
        TestDaemon.Response r = d.post("/api/v1/alerts/" + fp.substring(0, 8) + "/ack", operator,
                "{\"for\":\"2h\",\"reason\":\"looking into it\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().path("fingerprint").asText()).isEqualTo(fp);
        assertThat(r.json().path("by").asText()).isEqualTo("oncall");
        assertThat(r.json().path("until").asText()).isEqualTo(AlertingFixture.T0.plus(Duration.ofHours(2)).toString());

        JsonNode ack = alerts(d.get("/api/v1/alerts", viewer)).get(0).path("ack");
        assertThat(ack.path("reason").asText()).isEqualTo("looking into it");
        assertThat(audit("alert.ack")).singleElement().satisfies(a -> {
            assertThat(a.actor()).isEqualTo("oncall");
            assertThat(a.target()).isEqualTo("alert " + fp);
            assertThat(a.reason()).isEqualTo("looking into it");
            assertThat(a.result()).isEqualTo("ok");
        });
    }

    @Test
    void anAckNamesWhatIsWrong() {
        f.fire(Map.of("alertname", "ApiDown"));
        TestDaemon.Response unknown = d.post("/api/v1/alerts/ffffffffffffffff/ack", operator,
                "{\"for\":\"2h\",\"reason\":\"x\"}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("unknown_alert");
        assertThat(d.post("/api/v1/alerts/XYZ/ack", operator, "{\"for\":\"2h\",\"reason\":\"x\"}").status())
                .isEqualTo(400);
        assertThat(d.post("/api/v1/alerts/ab/ack", operator, "{\"for\":\"soon\",\"reason\":\"x\"}").json()
                .path("message").asText()).contains("'for'");
        assertThat(d.post("/api/v1/alerts/ab/ack", operator, "{\"for\":\"1h\"}").json().path("message").asText())
                .contains("'reason' is required");
        assertThat(audit("alert.ack")).allSatisfy(a -> assertThat(a.result()).startsWith("error"));
    }

    @Test
    void anAmbiguousPrefixIsAConflictListingTheFingerprints() {
        // Among 17 fingerprints two share their first hex digit.
        Map<Character, List<String>> byFirst = new HashMap<>();
        for (int i = 0; i < 17; i++) {
            String fp = f.fire(Map.of("alertname", "A" + i));
            byFirst.computeIfAbsent(fp.charAt(0), c -> new ArrayList<>()).add(fp);
        }
        Map.Entry<Character, List<String>> shared = byFirst.entrySet().stream().filter(e -> e.getValue().size() > 1)
                .findFirst().orElseThrow();
        TestDaemon.Response r = d.post("/api/v1/alerts/" + shared.getKey() + "/ack", operator,
                "{\"for\":\"2h\",\"reason\":\"x\"}");
        assertThat(r.status()).isEqualTo(409);
        assertThat(r.error()).isEqualTo("ambiguous");
        assertThat(r.json().path("fingerprints")).extracting(JsonNode::asText)
                .containsExactlyInAnyOrderElementsOf(shared.getValue());
    }

    @Test
    void silencesAreAddedListedAndExpiredByTheirAuthor() {
        TestDaemon.Response added = d.post("/api/v1/silences", operator,
                "{\"matchers\":[\"alertname=\\\"ApiDown\\\"\",\"service=~\\\"api|web\\\"\"],\"for\":\"1h\","
                        + "\"comment\":\"deploying\"}");
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        JsonNode s = added.json();
        assertThat(s.path("created_by").asText()).isEqualTo("oncall");
        assertThat(s.path("state").asText()).isEqualTo("active");
        assertThat(s.path("matchers")).extracting(JsonNode::asText)
                .containsExactly("alertname=\"ApiDown\"", "service=~\"api|web\"");
        assertThat(s.path("ends_at").asText()).isEqualTo(AlertingFixture.T0.plus(Duration.ofHours(1)).toString());

        TestDaemon.Response later = d.post("/api/v1/silences", operator,
                "{\"matchers\":[\"team=db\"],\"starts_at\":\"2026-12-02T00:00:00Z\",\"ends_at\":\"2026-12-02T02:00:00Z\","
                        + "\"comment\":\"migration\"}");
        assertThat(later.status()).as(later.body()).isEqualTo(201);
        assertThat(later.json().path("state").asText()).isEqualTo("pending");

        JsonNode listed = d.get("/api/v1/silences", viewer).json().path("silences");
        assertThat(listed).extracting(n -> n.path("id").asText())
                .containsExactlyInAnyOrder(s.path("id").asText(), later.json().path("id").asText());

        TestDaemon.Response expired = d.delete("/api/v1/silences/" + s.path("id").asText(), operator);
        assertThat(expired.status()).as(expired.body()).isEqualTo(200);
        assertThat(expired.json().path("state").asText()).isEqualTo("expired");
        assertThat(d.delete("/api/v1/silences/no-such-id", operator).status()).isEqualTo(404);
        assertThat(audit("silence.add")).extracting(AuditRecord::result).containsExactly("ok", "ok");
        assertThat(audit("silence.add").get(0).target()).isEqualTo("silence " + s.path("id").asText());
        assertThat(audit("silence.expire")).extracting(AuditRecord::result).containsExactly("ok", "error: unknown_silence");
    }

    @Test
    void anInvalidSilenceNamesEveryProblem() {
        TestDaemon.Response r = d.post("/api/v1/silences", operator,
                "{\"starts_at\":\"2026-12-01T12:00:00Z\",\"ends_at\":\"2026-12-01T11:00:00Z\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("invalid_silence");
        assertThat(r.json().path("problems")).extracting(JsonNode::asText).anySatisfy(p -> assertThat(p)
                .startsWith("matchers: a silence needs at least one matcher")).anySatisfy(p -> assertThat(p)
                .startsWith("ends_at: the end")).anySatisfy(p -> assertThat(p).startsWith("comment:"));

        JsonNode problems = d.post("/api/v1/silences", operator,
                "{\"matchers\":[\"a=\\\"b\",\"severity=~\\\".*\\\"\"],\"comment\":\"c\"}").json().path("problems");
        assertThat(problems).extracting(JsonNode::asText).anySatisfy(p -> assertThat(p).startsWith("matchers[0]:"))
                .anySatisfy(p -> assertThat(p).startsWith("ends_at, for: a silence needs an end"));
        assertThat(d.post("/api/v1/silences", operator,
                "{\"matchers\":[\"a=b\"],\"for\":\"1h\",\"ends_at\":\"2030-01-01T00:00:00Z\",\"comment\":\"c\"}")
                .json().path("problems")).extracting(JsonNode::asText).containsExactly("ends_at, for: give one of them, not both");
        assertThat(d.post("/api/v1/silences", operator, "{\"matchers\":[\"a=~\\\".*\\\"\"],\"for\":\"1h\",\"comment\":\"c\"}")
                .json().path("problems").get(0).asText()).contains("must not match the empty string");
        assertThat(f.alerting.silences()).isEmpty();
    }

    @Test
    void failedNotificationsAreListedNewestFirstAndDropped() {
        for (int i = 0; i < 3; i++) {
            f.deadLetters.add(new DeadLetter(0, "team", 0, "slack", "firing ApiDown " + i, "503 from slack", 5,
                    AlertingFixture.T0.plusSeconds(i)));
        }
        JsonNode failed = d.get("/api/v1/notifications/failed?limit=2", viewer).json().path("failed");
        assertThat(failed).extracting(n -> n.path("summary").asText())
                .containsExactly("firing ApiDown 2", "firing ApiDown 1");
        assertThat(failed.get(0).path("error").asText()).isEqualTo("503 from slack");
        long id = failed.get(0).path("id").asLong();
        assertThat(d.delete("/api/v1/notifications/failed/" + id, operator).status()).isEqualTo(204);
        assertThat(d.delete("/api/v1/notifications/failed/" + id, operator).status()).isEqualTo(404);
        assertThat(d.delete("/api/v1/notifications/failed/abc", operator).status()).isEqualTo(400);
        assertThat(d.get("/api/v1/notifications/failed", viewer).json().path("failed")).hasSize(2);
        assertThat(d.get("/api/v1/notifications/failed?limit=0", viewer).status()).isEqualTo(400);
        assertThat(audit("notification.drop")).extracting(AuditRecord::result).first().isEqualTo("ok");
    }

    @Test
    void aReceiverTestSaysWhatEachConfigAnsweredOrNamesTheReceivers() {
        TestDaemon.Response ok = d.post("/api/v1/receivers/team/test", operator, "");
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
        assertThat(ok.json().path("results").get(0).asText()).isEqualTo("webhook[0]: 200 OK");
        TestDaemon.Response unknown = d.post("/api/v1/receivers/nobody/test", operator, "");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.error()).isEqualTo("unknown_receiver");
        assertThat(unknown.json().path("message").asText()).contains("pager, team");
        assertThat(unknown.json().path("receivers")).extracting(JsonNode::asText).containsExactly("pager", "team");
        assertThat(audit("receiver.test")).extracting(AuditRecord::target).containsExactly("receiver team", "receiver nobody");
    }

    @Test
    void rulesAreListedByGroup() {
        JsonNode groups = d.get("/api/v1/rules", viewer).json().path("groups");
        assertThat(groups).extracting(g -> g.path("name").asText()).contains("api");
        JsonNode rule = groups.get(0).path("rules").get(0);
        assertThat(rule.path("type").asText()).isEqualTo("alerting");
        assertThat(rule.path("name").asText()).isEqualTo("ApiDown");
        assertThat(rule.path("expr").asText()).isEqualTo("up{service=\"api\"} == 0");
        assertThat(rule.path("alerts")).isEmpty();
    }

    @Test
    void withoutAlertingTheEndpointsSaySo(@TempDir Path other) {
        try (TestDaemon plain = TestDaemon.start(other)) {
            TestDaemon.Response r = plain.get("/api/v1/alerts", plain.token(Role.VIEWER));
            assertThat(r.status()).isEqualTo(503);
            assertThat(r.error()).isEqualTo("alerting_unavailable");
            TestDaemon.Response am = plain.get("/alertmanager/api/v2/alerts", plain.token(Role.VIEWER));
            assertThat(am.status()).isEqualTo(503);
            assertThat(am.json().asText()).isEqualTo("alerting does not run in this daemon");
        }
    }
}
