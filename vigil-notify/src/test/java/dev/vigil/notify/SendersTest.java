package dev.vigil.notify;

import static dev.vigil.notify.Notifications.aFiringGroup;
import static dev.vigil.notify.Notifications.aResolvedGroup;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.notify.ReceiverServer.Reply;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Each sender against a receiver on loopback: the exact payload and headers it sends, and how answers map. */
class SendersTest {

    static final String DEDUP = "166c8f15650908ca6a22b35e649141d0c1199f4410107f158009d51db52b3d72";
    static final String TITLE = "[FIRING:2] HighLatency";
    static final String BODY = "- HighLatency: p99 above 2s on api-1 (instance=api-1)\\n"
            + "- HighLatency: p99 above 2s on api-2 (instance=api-2)";

    private final ReceiverServer server = new ReceiverServer();
    private final Http http = new Http(HttpClient.newHttpClient(), () -> Instant.parse("2026-01-01T10:00:00Z"),
            Duration.ofSeconds(5));
    private final Senders senders = new Senders(http, Duration.ofSeconds(5), Instant::now);

    SendersTest() throws IOException {
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Secret secret(String value) {
        return Secret.of(value, "env TEST");
    }

    private Outcome send(ReceiverConfig config, Notification n) throws InterruptedException {
        return senders.of(config).send(n, Texts.quiet());
    }

    private static JsonNode json(String text) throws IOException {
        return Http.JSON.readTree(text);
    }

    @Test
    void webhookSendsAlertmanagersVersion4PayloadFieldForField() throws Exception {
        var config = new ReceiverConfig.Webhook(secret(server.url("/hook")), true, 0,
                new HttpConfig(Optional.of(new HttpConfig.BasicAuth("vigil", secret("s3cret"))), Optional.empty()));

        assertThat(send(config, aResolvedGroup("ops"))).isEqualTo(new Outcome.Delivered());

        ReceiverServer.Request got = server.only();
        assertThat(got.method()).isEqualTo("POST");
        assertThat(got.path()).isEqualTo("/hook");
        assertThat(got.headers()).containsEntry("content-type", "application/json")
                .containsEntry("authorization", "Basic dmlnaWw6czNjcmV0");
        assertThat(got.body()).isEqualTo("""
                {"receiver":"ops","status":"resolved","alerts":[{"status":"resolved",\
                "labels":{"alertname":"HighLatency","instance":"api-1"},\
                "annotations":{"summary":"p99 above 2s on api-1"},"startsAt":"2026-01-01T10:00:00Z",\
                "endsAt":"2026-01-01T10:05:00.25Z","generatorURL":"http://vigil.local/graph?g0.expr=latency",\
                "fingerprint":"fp-api-1"}],"groupLabels":{"alertname":"HighLatency"},\
                "commonLabels":{"alertname":"HighLatency","instance":"api-1"},\
                "commonAnnotations":{"summary":"p99 above 2s on api-1"},"externalURL":"http://vigil.local:7420",\
                "version":"4","groupKey":"{}/{severity=\\"page\\"}:{alertname=\\"HighLatency\\"}",\
                "truncatedAlerts":0}""");
    }

    @Test
    void webhookCutsToMaxAlertsAndCountsTheRest() throws Exception {
        var config = new ReceiverConfig.Webhook(secret(server.url("/hook")), true, 1, HttpConfig.NONE);

        send(config, aFiringGroup("ops"));

        JsonNode body = json(server.only().body());
        assertThat(body.path("alerts")).hasSize(1);
        assertThat(body.path("truncatedAlerts").asInt()).isEqualTo(1);
        assertThat(body.path("alerts").get(0).path("endsAt").asText()).isEqualTo("0001-01-01T00:00:00Z");
    }

    @Test
    void slackSendsBlocks() throws Exception {
        var config = new ReceiverConfig.Slack(secret(server.url("/services/T0/B0/XYZ")), Optional.of("#ops"),
                Optional.empty(), Optional.of("{{ .Status | toUpper }}: {{ .CommonLabels.alertname }}"),
                Optional.empty(), false, HttpConfig.NONE);

        send(config, aFiringGroup("ops"));

        assertThat(server.only().path()).isEqualTo("/services/T0/B0/XYZ");
        assertThat(json(server.only().body())).isEqualTo(json("""
                {"channel":"#ops","text":"FIRING: HighLatency","blocks":[
                 {"type":"header","text":{"type":"plain_text","text":"FIRING: HighLatency"}},
                 {"type":"section","text":{"type":"mrkdwn","text":"%s"}}]}""".formatted(BODY)));
    }

    @Test
    void aTemplateThatFailsGoesOutRawAndIsReported() throws Exception {
        var config = new ReceiverConfig.Slack(secret(server.url("/s")), Optional.empty(), Optional.empty(),
                Optional.of("{{ .Alerts.Nope }}"), Optional.empty(), false, HttpConfig.NONE);
        List<String> problems = new ArrayList<>();

        senders.of(config).send(aFiringGroup("ops"), new Texts((field, why) -> problems.add(field + ": " + why)));

        assertThat(json(server.only().body()).path("text").asText()).isEqualTo("{{ .Alerts.Nope }}");
        assertThat(problems).singleElement().asString().startsWith("title: ").contains("Nope");
    }

    @Test
    void alertmanagersTemplatesRenderOverItsNotificationData() throws Exception {
        var config = new ReceiverConfig.Slack(secret(server.url("/s")), Optional.empty(), Optional.empty(),
                Optional.of("[{{ .Status | toUpper }}:{{ len .Alerts.Firing }}] {{ .CommonLabels.alertname }}"),
                Optional.of("{{ range .Alerts }}{{ .Labels.instance }} {{ .Annotations.summary }};{{ end }}"
                        + " {{ range .CommonLabels.SortedPairs }}{{ .Name }}={{ .Value }} {{ end }}"
                        + "{{ join \",\" .GroupLabels.Values }}"), false, HttpConfig.NONE);
        List<String> problems = new ArrayList<>();

        senders.of(config).send(aFiringGroup("ops"), new Texts((field, why) -> problems.add(field + ": " + why)));

        assertThat(problems).isEmpty();
        JsonNode body = json(server.only().body());
        assertThat(body.toString()).contains("[FIRING:2] HighLatency");
        assertThat(body.toString()).contains("api-1 ").contains("api-2 ").contains("alertname=HighLatency ");
    }

    @Test
    void teamsSendsAMessageCard() throws Exception {
        var config = new ReceiverConfig.Teams(false, secret(server.url("/webhookb2/abc")), Optional.empty(),
                Optional.empty(), true, HttpConfig.NONE);

        send(config, aFiringGroup("ops"));

        assertThat(json(server.only().body())).isEqualTo(json("""
                {"@type":"MessageCard","@context":"https://schema.org/extensions","themeColor":"8C1A1A",
                 "summary":"%s","title":"%s","text":"%s"}""".formatted(TITLE, TITLE, BODY)));
    }

    @Test
    void teamsV2SendsAnAdaptiveCard() throws Exception {
        var config = new ReceiverConfig.Teams(true, secret(server.url("/workflows/abc")), Optional.empty(),
                Optional.empty(), true, HttpConfig.NONE);

        send(config, aFiringGroup("ops"));

        assertThat(json(server.only().body())).isEqualTo(json("""
                {"type":"message","attachments":[{"contentType":"application/vnd.microsoft.card.adaptive",
                 "content":{"$schema":"http://adaptivecards.io/schemas/adaptive-card.json","type":"AdaptiveCard",
                  "version":"1.2","body":[
                   {"type":"TextBlock","text":"%s","weight":"Bolder","size":"Medium","wrap":true,"style":"heading",
                    "color":"Attention"},
                   {"type":"TextBlock","text":"%s","wrap":true}],
                  "msteams":{"width":"Full"}}}]}""".formatted(TITLE, BODY)));
    }

    @Test
    void discordSendsAnEmbed() throws Exception {
        var config = new ReceiverConfig.Discord(secret(server.url("/api/webhooks/1/tok")), Optional.empty(),
                Optional.empty(), true, HttpConfig.NONE);

        send(config, aResolvedGroup("ops"));

        assertThat(json(server.only().body())).isEqualTo(json("""
                {"embeds":[{"title":"[RESOLVED] HighLatency",
                 "description":"- [resolved] HighLatency: p99 above 2s on api-1 (instance=api-1)",
                 "color":3066993}]}"""));
    }

    @Test
    void pagerDutyTriggersAndResolvesWithTheGroupsStableDedupKey() throws Exception {
        var config = new ReceiverConfig.PagerDuty(secret("R0UTINGKEY"), URI.create(server.url("/v2/enqueue")),
                Optional.empty(), "critical", "Vigil", true, HttpConfig.NONE);
        server.otherwise(Reply.of(202, "{\"status\":\"success\"}"));

        assertThat(send(config, aFiringGroup("ops"))).isEqualTo(new Outcome.Delivered());
        send(config, aResolvedGroup("ops"));

        List<ReceiverServer.Request> got = server.requests();
        assertThat(got).extracting(ReceiverServer.Request::path).containsExactly("/v2/enqueue", "/v2/enqueue");
        assertThat(json(got.get(0).body())).isEqualTo(json("""
                {"routing_key":"R0UTINGKEY","dedup_key":"%s","event_action":"trigger",
                 "payload":{"summary":"%s","source":"Vigil","severity":"critical",
                  "custom_details":{"firing":"%s","num_firing":2,"num_resolved":0}},
                 "client":"Vigil","client_url":"http://vigil.local:7420"}""".formatted(DEDUP, TITLE, BODY)));
        assertThat(json(got.get(1).body())).isEqualTo(json("""
                {"routing_key":"R0UTINGKEY","dedup_key":"%s","event_action":"resolve"}""".formatted(DEDUP)));
    }

    @Test
    void datadogPostsAnEventWithTheKeyInAHeader() throws Exception {
        var config = new ReceiverConfig.Datadog(secret("DDKEY"), URI.create(server.url("/")), Optional.empty(),
                Optional.empty(), List.of("env:prod"), true);
        server.otherwise(Reply.of(202, "{\"status\":\"ok\"}"));

        send(config, aFiringGroup("ops"));

        ReceiverServer.Request got = server.only();
        assertThat(got.path()).isEqualTo("/api/v1/events");
        assertThat(got.headers()).containsEntry("dd-api-key", "DDKEY");
        assertThat(json(got.body())).isEqualTo(json("""
                {"title":"%s","text":"%s","alert_type":"error","aggregation_key":"%s",
                 "tags":["env:prod","alertname:HighLatency"]}""".formatted(TITLE, BODY, DEDUP)));
    }

    @Test
    void ntfyPublishesJsonWithABearerToken() throws Exception {
        var config = new ReceiverConfig.Ntfy(URI.create(server.url("/")), "vigil-alerts",
                Optional.of(secret("tk_abc")), Optional.empty(), Optional.empty(), 5, List.of("prod"), true);

        send(config, aFiringGroup("ops"));

        ReceiverServer.Request got = server.only();
        assertThat(got.path()).isEqualTo("/");
        assertThat(got.headers()).containsEntry("authorization", "Bearer tk_abc");
        assertThat(json(got.body())).isEqualTo(json("""
                {"topic":"vigil-alerts","title":"%s","message":"%s","priority":5,
                 "tags":["rotating_light","prod"],"click":"http://vigil.local:7420"}""".formatted(TITLE, BODY)));
    }

    @Test
    void telegramSendsMessageWithTheTokenInThePath() throws Exception {
        var config = new ReceiverConfig.Telegram(secret("123:ABC"), -1001234L, Optional.of(7),
                URI.create(server.url("/")), Optional.empty(), "HTML", true, true);

        send(config, aFiringGroup("ops"));

        ReceiverServer.Request got = server.only();
        assertThat(got.path()).isEqualTo("/bot123:ABC/sendMessage");
        assertThat(json(got.body())).isEqualTo(json("""
                {"chat_id":-1001234,"message_thread_id":7,"text":"%s\\n%s","parse_mode":"HTML",
                 "disable_notification":true}""".formatted(TITLE, BODY)));
    }

    @Test
    void telegramTakesRetryAfterFromTheBody() throws Exception {
        var config = new ReceiverConfig.Telegram(secret("123:ABC"), 42L, Optional.empty(),
                URI.create(server.url("/")), Optional.empty(), "HTML", false, true);
        server.then(Reply.of(429, "{\"ok\":false,\"error_code\":429,\"parameters\":{\"retry_after\":17}}"));

        Outcome outcome = send(config, aFiringGroup("ops"));

        assertThat(outcome).isInstanceOfSatisfying(Outcome.Failed.class,
                f -> assertThat(f.retryAfter()).contains(Duration.ofSeconds(17)));
    }

    @Test
    void jiraCreatesAnIssueThenCommentsThenTransitionsOnResolve() throws Exception {
        var config = new ReceiverConfig.Jira(URI.create(server.url("/jira")), "OPS", "Bug", Optional.empty(),
                Optional.empty(), List.of("vigil"), Optional.of("High"), Optional.of("Done"), true,
                new HttpConfig(Optional.of(new HttpConfig.BasicAuth("me@example.org", secret("apitoken"))),
                        Optional.empty()));
        server.then(Reply.of(200, "{\"issues\":[]}"), Reply.of(201, "{\"key\":\"OPS-1\"}"),
                Reply.of(200, "{\"issues\":[{\"key\":\"OPS-1\"}]}"), Reply.of(201, "{}"),
                Reply.of(200, "{\"issues\":[{\"key\":\"OPS-1\"}]}"),
                Reply.of(200, "{\"transitions\":[{\"id\":\"11\",\"name\":\"In Progress\"},"
                        + "{\"id\":\"31\",\"name\":\"Done\"}]}"), Reply.of(204));

        assertThat(send(config, aFiringGroup("ops"))).isEqualTo(new Outcome.Delivered());
        assertThat(send(config, aFiringGroup("ops"))).isEqualTo(new Outcome.Delivered());
        assertThat(send(config, aResolvedGroup("ops"))).isEqualTo(new Outcome.Delivered());

        List<ReceiverServer.Request> got = server.requests();
        assertThat(got).extracting(r -> r.method() + " " + r.path()).containsExactly(
                "POST /jira/rest/api/2/search", "POST /jira/rest/api/2/issue",
                "POST /jira/rest/api/2/search", "POST /jira/rest/api/2/issue/OPS-1/comment",
                "POST /jira/rest/api/2/search", "GET /jira/rest/api/2/issue/OPS-1/transitions",
                "POST /jira/rest/api/2/issue/OPS-1/transitions");
        assertThat(got).allSatisfy(r -> assertThat(r.headers())
                .containsEntry("authorization", "Basic bWVAZXhhbXBsZS5vcmc6YXBpdG9rZW4="));
        String label = "ALERT{" + DEDUP + "}";
        assertThat(json(got.get(0).body())).isEqualTo(json("""
                {"jql":"project = \\"OPS\\" AND labels = \\"%s\\" AND statusCategory != Done ORDER BY created DESC",
                 "maxResults":1,"fields":["status"]}""".formatted(label)));
        assertThat(json(got.get(1).body())).isEqualTo(json("""
                {"fields":{"project":{"key":"OPS"},"issuetype":{"name":"Bug"},"summary":"%s","description":"%s",
                 "labels":["vigil","%s"],"priority":{"name":"High"}}}""".formatted(TITLE, BODY, label)));
        assertThat(json(got.get(3).body())).isEqualTo(json("{\"body\":\"%s\"}".formatted(BODY)));
        assertThat(json(got.get(6).body())).isEqualTo(json("{\"transition\":{\"id\":\"31\"}}"));
    }

    @Test
    void theStandardSendersFollowNoRedirect() throws Exception {
        var config = new ReceiverConfig.Webhook(secret(server.url("/old")), true, 0, HttpConfig.NONE);
        server.then(new Reply(301, "", Map.of("Location", server.url("/new"))));

        Outcome outcome = Senders.standard(DeliverySettings.DEFAULT, Instant::now).of(config)
                .send(aFiringGroup("ops"), Texts.quiet());

        assertThat(outcome).isEqualTo(new Outcome.Rejected("HTTP 301"));
        assertThat(server.only().path()).isEqualTo("/old");
    }

    @Test
    void anAnswerOf400IsRefusedWithWhatTheReceiverSaid() throws Exception {
        var config = new ReceiverConfig.Webhook(secret(server.url("/hook")), true, 0, HttpConfig.NONE);
        server.then(Reply.of(400, "invalid_payload"));

        assertThat(send(config, aFiringGroup("ops"))).isEqualTo(new Outcome.Rejected("HTTP 400: invalid_payload"));
    }

    @Test
    void answersOf429And5xxAreWorthAnotherTryAndCarryRetryAfter() throws Exception {
        var config = new ReceiverConfig.Webhook(secret(server.url("/hook")), true, 0, HttpConfig.NONE);
        server.then(new Reply(429, "slow down", Map.of("Retry-After", "30")),
                new Reply(503, "", Map.of("Retry-After", "Thu, 01 Jan 2026 10:02:00 GMT")), Reply.of(408));

        assertThat(send(config, aFiringGroup("ops")))
                .isEqualTo(new Outcome.Failed("HTTP 429: slow down", Optional.of(Duration.ofSeconds(30))));
        assertThat(send(config, aFiringGroup("ops")))
                .isEqualTo(new Outcome.Failed("HTTP 503", Optional.of(Duration.ofMinutes(2))));
        assertThat(send(config, aFiringGroup("ops"))).isEqualTo(new Outcome.Failed("HTTP 408", Optional.empty()));
    }
}
