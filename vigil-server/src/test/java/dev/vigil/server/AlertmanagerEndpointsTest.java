package dev.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.audit.AuditEntry;
import dev.vigil.auth.Role;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** Alertmanager's API v2 over Vigil's alerting: the shapes amtool, Grafana and a Prometheus read and send. */
class AlertmanagerEndpointsTest {

    private static final String V2 = "/alertmanager/api/v2";

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

    private List<JsonNode> array(String path) {
        TestDaemon.Response r = d.get(path, viewer);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.json().isArray()).isTrue();
        return StreamSupport.stream(r.json().spliterator(), false).toList();
    }

    @Test
    void postedAlertsAreListedAsGettableAlerts() {
        TestDaemon.Response posted = d.post(V2 + "/alerts", operator, """
                [{"labels": {"alertname": "ApiDown", "severity": "critical", "empty": ""},
                  "annotations": {"summary": "api is down"},
                  "startsAt": "2026-12-01T09:59:00Z", "endsAt": "2026-12-01T10:04:00Z",
                  "generatorURL": "http://prometheus:9090/graph?g0.expr=up"}]
                """);
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);

        JsonNode a = array(V2 + "/alerts").get(0);
        assertThat(a.path("labels")).isEqualTo(json("{\"alertname\":\"ApiDown\",\"severity\":\"critical\"}"));
        assertThat(a.path("annotations").path("summary").asText()).isEqualTo("api is down");
        assertThat(a.path("startsAt").asText()).isEqualTo("2026-12-01T09:59:00Z");
        assertThat(a.path("endsAt").asText()).isEqualTo("2026-12-01T10:04:00Z");
        assertThat(a.path("updatedAt").asText()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(a.path("fingerprint").asText()).hasSize(16);
        assertThat(a.path("generatorURL").asText()).isEqualTo("http://prometheus:9090/graph?g0.expr=up");
        assertThat(a.path("receivers")).extracting(r -> r.path("name").asText()).containsExactly("pager");
        assertThat(a.path("status").path("state").asText()).isEqualTo("active");
        assertThat(a.path("status").path("silencedBy").isArray()).isTrue();
        assertThat(a.path("status").path("inhibitedBy").isArray()).isTrue();
        assertThat(f.alerting.alerts()).singleElement().satisfies(l -> assertThat(l.source()).isEqualTo("api"));
    }

    @Test
    void aPrometheusBatchOf64AlertsWithLongDescriptionsIsTaken() {
        StringBuilder batch = new StringBuilder("[");
        String description = "x".repeat(1500);
        for (int i = 0; i < 64; i++) {
            batch.append(i == 0 ? "" : ",").append("{\"labels\": {\"alertname\": \"Big\", \"instance\": \"i")
                    .append(i).append("\"}, \"annotations\": {\"description\": \"").append(description)
                    .append("\"}}");
        }
        String body = batch.append("]").toString();
        assertThat(body.length()).isGreaterThan(96_000);

        TestDaemon.Response posted = d.post(V2 + "/alerts", operator, body);
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        assertThat(f.alerting.alerts()).hasSize(64);
    }

    @Test
    void alertsAreFilteredAsAlertmanagerFiltersThem() {
        f.fire(Map.of("alertname", "ApiDown", "severity", "critical"));
        f.fire(Map.of("alertname", "DiskFull", "severity", "warning"));
        d.post(V2 + "/silences", operator, silence("DiskFull"));

        assertThat(array(V2 + "/alerts")).hasSize(2);
        assertThat(array(V2 + "/alerts?silenced=false")).extracting(a -> a.path("labels").path("alertname").asText())
                .containsExactly("ApiDown");
        assertThat(array(V2 + "/alerts?active=false")).extracting(a -> a.path("status").path("state").asText())
                .containsExactly("suppressed");
        assertThat(array(V2 + "/alerts?filter=" + URLEncoder.encode("severity=\"critical\"", StandardCharsets.UTF_8)
                + "&filter=alertname%3DApiDown&active=true&silenced=true&inhibited=true&unprocessed=true"))
                .hasSize(1);
        assertThat(array(V2 + "/alerts?receiver=team")).hasSize(1);
        assertThat(array(V2 + "/alerts?receiver=pager%7Cteam")).hasSize(2);
        assertThat(array(V2 + "/alerts?receiver=pager")).hasSize(1);
    }

    @Test
    void alertGroupsFollowTheRoutingTree() {
        f.fire(Map.of("alertname", "ApiDown", "severity", "critical"));
        f.fire(Map.of("alertname", "DiskFull", "severity", "warning"));
        f.fire(Map.of("alertname", "DiskFull", "severity", "warning", "mount", "/var"));

        List<JsonNode> groups = array(V2 + "/alerts/groups");
        assertThat(groups).extracting(g -> g.path("receiver").path("name").asText() + " "
                        + g.path("labels").path("alertname").asText() + " " + g.path("alerts").size())
                .containsExactlyInAnyOrder("pager ApiDown 1", "team DiskFull 2");
        assertThat(groups.get(0).path("alerts").get(0).has("fingerprint")).isTrue();
        assertThat(array(V2 + "/alerts/groups?receiver=team")).singleElement()
                .satisfies(g -> assertThat(g.path("receiver").path("name").asText()).isEqualTo("team"));
    }

    @Test
    void aBadPostNamesTheFieldAsAJsonStringAndTakesTheValidAlerts() {
        TestDaemon.Response r = d.post(V2 + "/alerts", operator,
                "[{\"labels\": {\"alertname\": \"Good\"}}, {\"annotations\": {}}, {\"labels\": {\"x\": 1}}]");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().isTextual()).isTrue();
        assertThat(r.json().asText()).contains("[1].labels: required").contains("[2].labels.x: expected a string");
        assertThat(f.alerting.alerts()).extracting(l -> l.alert().labels().get("alertname")).containsExactly("Good");

        TestDaemon.Response notJson = d.post(V2 + "/alerts", operator, "{\"labels\": {}}");
        assertThat(notJson.status()).isEqualTo(400);
        assertThat(notJson.json().asText()).startsWith("body: expected a JSON list");
        assertThat(d.post(V2 + "/alerts", viewer, "[]").status()).isEqualTo(403);
    }

    @Test
    void silencesAreAddedReadListedAndExpired() {
        TestDaemon.Response added = d.post(V2 + "/silences", operator, silence("ApiDown"));
        assertThat(added.status()).as(added.body()).isEqualTo(200);
        String id = added.json().path("silenceID").asText();

        JsonNode s = d.get(V2 + "/silence/" + id, viewer).json();
        assertThat(s.path("id").asText()).isEqualTo(id);
        assertThat(s.path("status").path("state").asText()).isEqualTo("active");
        assertThat(s.path("createdBy").asText()).isEqualTo("alice");
        assertThat(s.path("comment").asText()).isEqualTo("deploying");
        assertThat(s.path("startsAt").asText()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(s.path("endsAt").asText()).isEqualTo("2026-12-01T11:00:00Z");
        assertThat(s.has("updatedAt")).isTrue();
        assertThat(s.path("matchers").get(0)).isEqualTo(json(
                "{\"isEqual\":true,\"isRegex\":false,\"name\":\"alertname\",\"value\":\"ApiDown\"}"));

        assertThat(array(V2 + "/silences")).hasSize(1);
        assertThat(array(V2 + "/silences?filter=alertname%3DApiDown")).hasSize(1);
        assertThat(array(V2 + "/silences?filter=alertname%3DOther")).isEmpty();

        TestDaemon.Response deleted = d.delete(V2 + "/silence/" + id, operator);
        assertThat(deleted.status()).isEqualTo(200);
        assertThat(d.get(V2 + "/silence/" + id, viewer).json().path("status").path("state").asText())
                .isEqualTo("expired");
        assertThat(d.delete(V2 + "/silence/nope", operator).status()).isEqualTo(404);
        assertThat(d.get(V2 + "/silence/nope", viewer).status()).isEqualTo(404);
        assertThat(d.audit.entries()).extracting(AuditEntry::record).extracting(r -> r.action() + " " + r.result())
                .contains("silence.add ok", "silence.expire ok", "silence.expire error: not_found");
    }

    @Test
    void aSilenceIsReplacedByItsId() {
        String id = d.post(V2 + "/silences", operator, silence("ApiDown")).json().path("silenceID").asText();
        TestDaemon.Response again = d.post(V2 + "/silences", operator,
                silence("ApiDown").replace("{\"matchers\"", "{\"id\":\"" + id + "\",\"matchers\"")
                        .replace("deploying", "still deploying"));
        assertThat(again.json().path("silenceID").asText()).isEqualTo(id);
        assertThat(array(V2 + "/silences")).singleElement()
                .satisfies(s -> assertThat(s.path("comment").asText()).isEqualTo("still deploying"));
        TestDaemon.Response unknown = d.post(V2 + "/silences", operator,
                silence("ApiDown").replace("{\"matchers\"", "{\"id\":\"nope\",\"matchers\""));
        assertThat(unknown.status()).isEqualTo(404);
    }

    @Test
    void anInvalidSilenceNamesEachField() {
        TestDaemon.Response r = d.post(V2 + "/silences", operator, "{\"matchers\": [{\"name\": \"a\"}],"
                + " \"startsAt\": \"yesterday\", \"comment\": \"\"}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().asText()).contains("matchers[0]").contains("startsAt").contains("endsAt: required")
                .contains("createdBy: required").contains("comment: required");
        TestDaemon.Response backwards = d.post(V2 + "/silences", operator, """
                {"matchers": [{"name": "a", "value": "b", "isRegex": false}], "startsAt": "2026-12-01T12:00:00Z",
                 "endsAt": "2026-12-01T11:00:00Z", "createdBy": "alice", "comment": "x"}
                """);
        assertThat(backwards.status()).isEqualTo(400);
        assertThat(backwards.json().asText()).contains("must be after the start");
    }

    @Test
    void statusAndReceiversAreWhatAmtoolReads() {
        JsonNode status = d.get(V2 + "/status", viewer).json();
        assertThat(status.path("cluster").path("status").asText()).isEqualTo("disabled");
        assertThat(status.path("cluster").path("peers").isArray()).isTrue();
        assertThat(status.path("config").path("original").isTextual()).isTrue();
        assertThat(status.path("versionInfo").path("version").asText()).isEqualTo("0.1.0-test");
        assertThat(status.path("versionInfo").fieldNames()).toIterable()
                .contains("revision", "branch", "buildUser", "buildDate", "goVersion");
        assertThat(status.path("uptime").asText()).isEqualTo("2026-12-01T10:00:00Z");
        assertThat(array(V2 + "/receivers")).extracting(r -> r.path("name").asText()).containsExactly("pager", "team");
    }

    @Test
    void errorsAreJsonStrings() {
        TestDaemon.Response r = d.get(V2 + "/alerts", null);
        assertThat(r.status()).isEqualTo(401);
        assertThat(r.json().asText()).contains("Authorization");
        assertThat(d.get(V2 + "/alerts?active=maybe", viewer).json().asText()).contains("'active'");
    }

    private static String silence(String alertname) {
        return """
                {"matchers": [{"name": "alertname", "value": "%s", "isRegex": false, "isEqual": true}],
                 "startsAt": "2026-12-01T10:00:00Z", "endsAt": "2026-12-01T11:00:00Z",
                 "createdBy": "alice", "comment": "deploying"}
                """.formatted(alertname);
    }

    private static JsonNode json(String text) {
        try {
            return Json.MAPPER.readTree(text);
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
