package dev.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.auth.Role;
import dev.vigil.collect.LatestUsage;
import dev.vigil.finding.Findings;
import dev.vigil.metrics.InMemoryMetricStore;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Reading;
import dev.vigil.time.ManualScheduler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Prometheus's read API over real HTTP: its envelope, its errors, GET and form POST, on a store the test fills. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusEndpointsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final long NOW_S = NOW.getEpochSecond();
    private static final String V1 = "/prometheus/api/v1";
    private static final Labels API = Labels.metric("up", "job", "api", "instance", "a");
    private static final Labels DB = Labels.metric("up", "job", "db", "instance", "b");
    private static final Labels RSS = Labels.metric("service_memory_rss_bytes", "service", "web");

    private TestDaemon d;

    /** Every 10 s over the last 10 minutes: api up, db down, web's memory rising by 1.5 a sample. */
    @BeforeAll
    void start(@TempDir Path dir) {
        InMemoryMetricStore store = new InMemoryMetricStore();
        long from = NOW.toEpochMilli() - 600_000;
        for (int k = 0; from + k * 10_000L <= NOW.toEpochMilli(); k++) {
            store.append(from + k * 10_000L, List.of(new Reading(API, 1), new Reading(DB, 0),
                    new Reading(RSS, 100 + 1.5 * k)));
        }
        d = TestDaemon.start(dir, new ManualScheduler(NOW), store, LatestUsage.NONE, Findings.NONE);
    }

    @AfterAll
    void stop() {
        d.close();
    }

    private TestDaemon.Response get(String pathAndQuery) {
        return d.get(V1 + pathAndQuery, d.token(Role.VIEWER));
    }

    private TestDaemon.Response form(String path, String body) {
        return d.send(d.request(V1 + path, d.token(Role.VIEWER))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static void assertBadData(TestDaemon.Response r, String error) {
        assertThat(r.status()).as(r.body()).isEqualTo(400);
        assertThat(r.json().path("status").asText()).isEqualTo("error");
        assertThat(r.json().path("errorType").asText()).isEqualTo("bad_data");
        assertThat(r.json().path("error").asText()).isEqualTo(error);
    }

    @Test
    void anInstantQueryAnswersAVectorInPrometheusEnvelope() {
        TestDaemon.Response r = get("/query?query=" + enc("up{job=\"api\"}") + "&time=" + NOW_S);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("Content-Type")).startsWith("application/json");
        assertThat(r.body()).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":["
                + "{\"metric\":{\"__name__\":\"up\",\"instance\":\"a\",\"job\":\"api\"},\"value\":[" + NOW_S
                + ",\"1\"]}]}}");

        // Read as text: the three decimals Prometheus writes would not survive a JSON reader.
        String sum = get("/query?query=" + enc("sum by (job) (up)") + "&time=" + NOW_S + ".12").body();
        assertThat(sum).contains("\"result\":[{\"metric\":{\"job\":\"api\"},\"value\":["
                + NOW_S + ".120,\"1\"]},{\"metric\":{\"job\":\"db\"},\"value\":[" + NOW_S + ".120,\"0\"]}]");
    }

    @Test
    void theTimeIsUnixSecondsOrRfc3339AndDefaultsToNow() {
        String expected = get("/query?query=up&time=" + NOW_S).body();
        assertThat(get("/query?query=up&time=" + enc("2026-03-01T12:00:00Z")).body()).isEqualTo(expected);
        assertThat(get("/query?query=up").body()).isEqualTo(expected);
    }

    @Test
    void scalarsAndStringsAreATimeAndAValueAndFloatsArePrometheusFormatted() {
        assertThat(get("/query?query=1.5&time=" + NOW_S).body()).isEqualTo("{\"status\":\"success\",\"data\":"
                + "{\"resultType\":\"scalar\",\"result\":[" + NOW_S + ",\"1.5\"]}}");
        assertThat(get("/query?query=" + enc("\"hello\"") + "&time=" + NOW_S).body())
                .isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[" + NOW_S
                        + ",\"hello\"]}}");
        assertThat(scalar("1/0")).isEqualTo("+Inf");
        assertThat(scalar("-1/0")).isEqualTo("-Inf");
        assertThat(scalar("0/0")).isEqualTo("NaN");
        assertThat(scalar("0.1+0.2")).isEqualTo("0.30000000000000004");
        assertThat(scalar("1e21")).isEqualTo("1000000000000000000000");
        assertThat(scalar("1e-7")).isEqualTo("0.0000001");
    }

    private String scalar(String query) {
        return get("/query?query=" + enc(query) + "&time=" + NOW_S).json().path("data").path("result").get(1).asText();
    }

    @Test
    void aRangeSelectorInAnInstantQueryIsAMatrixWithTheSamplesTimes() {
        JsonNode data = get("/query?query=" + enc("service_memory_rss_bytes[25s]") + "&time=" + NOW_S).json()
                .path("data");
        assertThat(data.path("resultType").asText()).isEqualTo("matrix");
        assertThat(data.path("result").toString()).isEqualTo("[{\"metric\":{\"__name__\":\"service_memory_rss_bytes\","
                + "\"service\":\"web\"},\"values\":[[" + (NOW_S - 20) + ",\"187\"],[" + (NOW_S - 10) + ",\"188.5\"],["
                + NOW_S + ",\"190\"]]}]");
    }

    @Test
    void aRangeQueryAnswersAMatrixAtEveryStep() {
        String query = "/query_range?query=" + enc("up{job=\"db\"} + 2") + "&start=" + (NOW_S - 60) + "&end="
                + NOW_S + "&step=30s";
        TestDaemon.Response r = get(query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":["
                + "{\"metric\":{\"instance\":\"b\",\"job\":\"db\"},\"values\":[[" + (NOW_S - 60) + ",\"2\"],["
                + (NOW_S - 30) + ",\"2\"],[" + NOW_S + ",\"2\"]]}]}}");
        assertThat(get(query.replace("step=30s", "step=30")).body()).isEqualTo(r.body());
        assertThat(get(query.replace("step=30s", "step=30.0").replace("start=" + (NOW_S - 60),
                "start=" + enc("2026-03-01T11:59:00Z"))).body()).isEqualTo(r.body());

        JsonNode scalar = get("/query_range?query=2&start=" + NOW_S + "&end=" + NOW_S + "&step=1").json();
        assertThat(scalar.path("data").path("result").toString()).isEqualTo("[{\"metric\":{},\"values\":[[" + NOW_S
                + ",\"2\"]]}]");
    }

    @Test
    void aFormPostAnswersAsTheGet() {
        String instant = "query=" + enc("up{job=\"api\"}") + "&time=" + NOW_S;
        TestDaemon.Response posted = form("/query", instant);
        assertThat(posted.status()).as(posted.body()).isEqualTo(200);
        assertThat(posted.body()).isEqualTo(get("/query?" + instant).body());

        String range = "query=up&start=" + (NOW_S - 60) + "&end=" + NOW_S + "&step=15";
        assertThat(form("/query_range", range).body()).isEqualTo(get("/query_range?" + range).body())
                .contains("\"resultType\":\"matrix\"");

        String series = "match%5B%5D=" + enc("up{job=\"db\"}") + "&match%5B%5D=service_memory_rss_bytes";
        assertThat(form("/series", series).body()).isEqualTo(get("/series?" + series).body());
        assertThat(form("/labels", series).body()).isEqualTo(get("/labels?" + series).body());
    }

    @Test
    void seriesListTheMatchingLabelSetsAndNeedAMatch() {
        assertThat(get("/series?match%5B%5D=up").body()).isEqualTo("{\"status\":\"success\",\"data\":["
                + "{\"__name__\":\"up\",\"instance\":\"a\",\"job\":\"api\"},"
                + "{\"__name__\":\"up\",\"instance\":\"b\",\"job\":\"db\"}]}");
        assertThat(get("/series?match%5B%5D=" + enc("{job=\"db\"}") + "&match%5B%5D=" + enc("{service=\"web\"}")
                + "&start=" + (NOW_S - 3600) + "&end=" + NOW_S).json().path("data")).hasSize(2);
        assertBadData(get("/series"), "no match[] parameter provided");

        JsonNode limited = get("/series?match%5B%5D=up&limit=1").json();
        assertThat(limited.path("data")).hasSize(1);
        assertThat(limited.path("warnings").toString()).isEqualTo("[\"results truncated due to limit\"]");
    }

    @Test
    void labelNamesAndValues() {
        assertThat(get("/labels").body()).isEqualTo("{\"status\":\"success\",\"data\":[\"__name__\",\"instance\","
                + "\"job\",\"service\"]}");
        assertThat(get("/labels?match%5B%5D=service_memory_rss_bytes").json().path("data").toString())
                .isEqualTo("[\"__name__\",\"service\"]");
        assertThat(get("/label/job/values").body()).isEqualTo("{\"status\":\"success\",\"data\":[\"api\",\"db\"]}");
        assertThat(get("/label/__name__/values").json().path("data").toString())
                .isEqualTo("[\"service_memory_rss_bytes\",\"up\"]");
        assertThat(get("/label/job/values?match%5B%5D=" + enc("up{instance=\"b\"}")).json().path("data").toString())
                .isEqualTo("[\"db\"]");
        assertThat(get("/label/nothing/values").body()).isEqualTo("{\"status\":\"success\",\"data\":[]}");
        assertBadData(get("/label/9lives/values"), "invalid label name: \"9lives\"");
    }

    @Test
    void buildInfoAndMetadataAnswerWhatGrafanaAsksFor() {
        JsonNode info = get("/status/buildinfo").json();
        assertThat(info.path("status").asText()).isEqualTo("success");
        assertThat(info.path("data").path("version").asText()).isEqualTo("0.1.0-test");
        assertThat(get("/metadata").body()).isEqualTo("{\"status\":\"success\",\"data\":{}}");
    }

    @Test
    void aQueryThatDoesNotParseIsBadDataNamingThePosition() {
        TestDaemon.Response r = get("/query?query=" + enc("sum(up"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("errorType").asText()).isEqualTo("bad_data");
        assertThat(r.json().path("error").asText()).startsWith("invalid parameter \"query\": 1:")
                .contains("parse error: ");
        assertThat(get("/query?query=" + enc("up{job=}")).json().path("error").asText())
                .startsWith("invalid parameter \"query\": 1:8: parse error: ");
        assertThat(get("/query").json().path("error").asText()).startsWith("invalid parameter \"query\": 1:1: ");
    }

    @Test
    void badTimesAndStepsAreBadData() {
        assertThat(get("/query?query=up&time=yesterday").json().path("error").asText())
                .startsWith("invalid parameter \"time\": ");
        assertThat(get("/query?query=up&time=yesterday").status()).isEqualTo(400);
        String range = "/query_range?query=up&start=" + (NOW_S - 60) + "&end=" + NOW_S;
        assertBadData(get(range + "&step=0"), "zero or negative query resolution step widths are not accepted. "
                + "Try a positive integer");
        assertBadData(get(range + "&step=-15"), "zero or negative query resolution step widths are not accepted. "
                + "Try a positive integer");
        assertThat(get(range + "&step=often").json().path("error").asText())
                .startsWith("invalid parameter \"step\": ");
        assertBadData(get(range), "invalid parameter \"step\": cannot parse \"\" to a valid duration");
        assertBadData(get("/query_range?query=up&end=" + NOW_S + "&step=15"),
                "invalid parameter \"start\": cannot parse \"\" to a valid timestamp");
        assertBadData(get("/query_range?query=up&start=" + NOW_S + "&end=" + (NOW_S - 1) + "&step=15"),
                "end timestamp must not be before start time");
        assertThat(get("/query?query=up&timeout=soon").json().path("error").asText())
                .startsWith("invalid parameter \"timeout\": ");
    }

    @Test
    void moreThan11000PointsPerSeriesIsBadDataInPrometheusWords() {
        assertBadData(get("/query_range?query=up&start=" + (NOW_S - 86_400) + "&end=" + NOW_S + "&step=1"),
                "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query resolution "
                        + "(?step=XX)");
        assertThat(get("/query_range?query=up&start=" + (NOW_S - 11_000) + "&end=" + NOW_S + "&step=1").status())
                .isEqualTo(200);
    }

    @Test
    void aRangeQueryOfARangeVectorIsBadDataAndAFailedEvaluationIsExecution() {
        assertBadData(get("/query_range?query=" + enc("up[5m]") + "&start=" + NOW_S + "&end=" + NOW_S + "&step=1"),
                "invalid parameter \"query\": invalid expression type \"range vector\" for range query, must be "
                        + "Scalar or instant Vector");
        TestDaemon.Response r = get("/query?query=" + enc("up + on() up") + "&time=" + NOW_S);
        assertThat(r.status()).as(r.body()).isEqualTo(422);
        assertThat(r.json().path("errorType").asText()).isEqualTo("execution");
        assertThat(r.json().path("error").asText()).contains("many-to-many matching not allowed");
    }

    @Test
    void withoutAValidTokenTheAnswerIs401InPrometheusErrorBody() {
        for (String token : new String[]{null, "not-a-token"}) {
            TestDaemon.Response r = d.get(V1 + "/query?query=up", token);
            assertThat(r.status()).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).isEqualTo("Bearer");
            assertThat(r.json().path("status").asText()).isEqualTo("error");
            assertThat(r.json().path("errorType").asText()).isEqualTo("unauthorized");
            assertThat(r.json().path("error").asText()).isNotBlank();
        }
        TestDaemon.Response posted = d.send(d.request(V1 + "/query", null)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("query=up")).build());
        assertThat(posted.status()).isEqualTo(401);
    }

    @Test
    void aPostReadsWithoutBeingAudited() {
        int before = d.audit.list(0, 10_000).size();
        assertThat(form("/query", "query=up").status()).isEqualTo(200);
        assertThat(d.audit.list(0, 10_000)).hasSize(before);
    }
}
