package dev.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.auth.Role;
import dev.vigil.collect.LatestUsage;
import dev.vigil.finding.Findings;
import dev.vigil.metrics.InMemoryMetricStore;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.MetricStore;
import dev.vigil.metrics.QueryLimits;
import dev.vigil.metrics.Reading;
import dev.vigil.metrics.Resolution;
import dev.vigil.metrics.RetainingMetricStore;
import dev.vigil.time.ManualScheduler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;

/** The metric endpoints over real HTTP, on a store the test fills at a time the test sets. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MetricEndpointsTest {

    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final long NOW_S = NOW.getEpochSecond();
    private static final String RSS = "service_memory_rss_bytes";
    private static final Labels WEB = Labels.metric(RSS, "service", "web");
    private static final Labels DB = Labels.metric(RSS, "service", "db");
    private static final Labels LOAD = Labels.metric("host_load1");
    private static final Labels ODD = Labels.metric("odd_values", "kind", "special");

    private TestDaemon d;

    /** RSS of web and db every 10 s over the last 3 hours: web's rises by 1000 a sample, db's is flat. */
    @BeforeAll
    void start(@TempDir Path dir) {
        InMemoryMetricStore memory = new InMemoryMetricStore();
        long from = NOW.toEpochMilli() - Duration.ofHours(3).toMillis();
        for (int k = 0; from + k * 10_000L <= NOW.toEpochMilli(); k++) {
            memory.append(from + k * 10_000L, List.of(new Reading(WEB, webAt(k)), new Reading(DB, 5e7),
                    new Reading(LOAD, 0.5)));
        }
        double[] odd = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.1, 1e21};
        for (int i = 0; i < odd.length; i++) {
            memory.append(NOW.toEpochMilli() - 600_000 + i * 1000, List.of(new Reading(ODD, odd[i])));
        }
        MetricStore store = new RetainingMetricStore(memory, Map.of(Resolution.RAW, Duration.ofHours(2),
                Resolution.MINUTE, Duration.ofDays(30), Resolution.HOUR, Duration.ofDays(365)));
        d = TestDaemon.start(dir, new ManualScheduler(NOW), store, LatestUsage.NONE, Findings.NONE);
    }

    @AfterAll
    void stop() {
        d.close();
    }

    private static double webAt(int k) {
        return 1e8 + 1000.0 * k;
    }

    private TestDaemon.Response get(String path) {
        return d.get(path, d.token(Role.VIEWER));
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private JsonNode range(String query) {
        TestDaemon.Response r = get("/api/v1/metrics/query_range?" + query);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json();
    }

    @Test
    void seriesListsEverySeriesWithoutMatchAndTheMatchingOnesWithIt() {
        JsonNode all = get("/api/v1/metrics/series").json();
        assertThat(all.path("names")).extracting(JsonNode::asText)
                .containsExactly("host_load1", "odd_values", RSS);
        assertThat(all.path("series")).hasSize(4);

        JsonNode web = get("/api/v1/metrics/series?match=" + enc(RSS + "{service=\"web\"}")).json();
        assertThat(web.path("series").toString()).isEqualTo("[{\"__name__\":\"" + RSS + "\",\"service\":\"web\"}]");

        JsonNode two = get("/api/v1/metrics/series?match=host_load1&match=" + enc("{service=~\"d.*\"}")).json();
        assertThat(two.path("series")).extracting(s -> s.path("__name__").asText() + "/" + s.path("service").asText())
                .containsExactly("host_load1/", RSS + "/db");
    }

    @Test
    void labelNamesAndTheValuesOfOne() {
        assertThat(get("/api/v1/metrics/labels").json().path("labels")).extracting(JsonNode::asText)
                .containsExactly("__name__", "kind", "service");
        assertThat(get("/api/v1/metrics/labels/service/values").body())
                .isEqualTo("{\"label\":\"service\",\"values\":[\"db\",\"web\"]}");
        assertThat(get("/api/v1/metrics/labels/nope/values").json().path("values")).isEmpty();

        TestDaemon.Response bad = get("/api/v1/metrics/labels/9lives/values");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("message").asText()).isEqualTo("'9lives' is not a label name (letters, digits and "
                + "_, not starting with a digit)");
    }

    @Test
    void aSelectorThatDoesNotParseIsA400NamingParameterColumnAndReason() {
        TestDaemon.Response r = get("/api/v1/metrics/series?match=" + enc("foo{a}"));
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.error()).isEqualTo("invalid_request");
        assertThat(r.json().path("message").asText()).isEqualTo("query parameter 'match': column 6 of 'foo{a}': "
                + "expected `=`, `!=`, `=~` or `!~` after the label name a, got `}`");

        TestDaemon.Response empty = get("/api/v1/metrics/query_range?series=" + enc("{job=~\".*\"}"));
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().path("message").asText()).startsWith("query parameter 'series': column 1 of "
                + "'{job=~\".*\"}': a selector needs at least one matcher that does not match the empty string");
    }

    @Test
    void aMinuteStepReadsTheMinuteRollupsWithAPointOnEveryWholeMinute() {
        Instant start = NOW.minus(Duration.ofMinutes(30)).plusSeconds(5);
        JsonNode r = range("series=" + enc(RSS + "{service=\"web\"}") + "&start=" + start + "&end="
                + (NOW_S - 1200) + "&step=60s");

        assertThat(r.path("resolution").asText()).isEqualTo("minute");
        assertThat(r.path("start").asLong()).isEqualTo(NOW_S - 1800);
        assertThat(r.path("end").asLong()).isEqualTo(NOW_S - 1200);
        assertThat(r.path("step").asLong()).isEqualTo(60);
        assertThat(r.path("agg")).extracting(JsonNode::asText).containsExactly("avg");
        JsonNode entry = r.path("result").get(0);
        assertThat(r.path("result")).hasSize(1);
        assertThat(entry.path("metric").toString()).isEqualTo("{\"__name__\":\"" + RSS + "\",\"service\":\"web\"}");
        assertThat(entry.path("agg").asText()).isEqualTo("avg");
        List<JsonNode> values = list(entry.path("values"));
        assertThat(values).hasSize(11);
        for (int i = 0; i < values.size(); i++) {
            long t = NOW_S - 1800 + 60L * i;
            // samples k at 10 s from three hours back: the minute at t holds k = (t - from) / 10 and the next five
            int k = (int) ((t - (NOW_S - 10_800)) / 10);
            double avg = (webAt(k) + webAt(k + 5)) / 2;
            assertThat(values.get(i).get(0).asLong()).isEqualTo(t);
            assertThat(values.get(i).get(1).isTextual()).isTrue();
            assertThat(Double.parseDouble(values.get(i).get(1).asText())).isEqualTo(avg);
        }
        assertThat(values.getFirst().get(1).asText()).isEqualTo("100902500");
    }

    @Test
    void theResolutionFollowsTheStepAndWhatTheStoreStillKeeps() {
        String web = "series=" + enc(RSS + "{service=\"web\"}");
        assertThat(range(web + "&start=-30m&step=15s").path("resolution").asText()).isEqualTo("raw");
        assertThat(range(web + "&start=-30m&step=90s").path("resolution").asText()).isEqualTo("raw");
        assertThat(range(web + "&start=-30m&step=2m").path("resolution").asText()).isEqualTo("minute");
        assertThat(range(web + "&start=-3h&step=1h").path("resolution").asText()).isEqualTo("hour");
        // raw samples are kept 2 hours here: a range from before that reads minutes, even at a 15 s step
        JsonNode old = range(web + "&start=-150m&end=-140m&step=15s");
        assertThat(old.path("resolution").asText()).isEqualTo("minute");
        assertThat(list(old.path("result").get(0).path("values"))).extracting(v -> v.get(0).asLong() % 60)
                .containsOnly(0L).hasSize(11);
    }

    @Test
    void timesAreTakenInTheFormsPrometheusAndTheEventApiUse() {
        long eleven = NOW_S - 3600;
        for (String start : List.of("2026-03-01T11:00:00Z", "2026-03-01T13:00:00+02:00", "2026-03-01t11:00:00.000z",
                Long.toString(eleven), eleven + ".000", "-1h", "now-1h", "1h", "-60m")) {
            JsonNode r = range("series=host_load1&step=60&start=" + enc(start) + "&end=now");
            assertThat(r.path("start").asLong()).as(start).isEqualTo(eleven);
            assertThat(r.path("end").asLong()).as(start).isEqualTo(NOW_S);
        }
        String half = get("/api/v1/metrics/query_range?series=host_load1&start=" + eleven + ".5&end=" + (eleven + 1)
                + "&step=0.5").body();
        assertThat(half).startsWith("{\"resolution\":\"raw\",\"start\":" + eleven + ".5,\"end\":" + (eleven + 1)
                + ",\"step\":0.5,");
    }

    @Test
    void withoutStartEndAndStepItIsTheLastHourInAbout240Points() {
        JsonNode r = range("series=host_load1");

        assertThat(r.path("start").asLong()).isEqualTo(NOW_S - 3600);
        assertThat(r.path("end").asLong()).isEqualTo(NOW_S);
        assertThat(r.path("step").asLong()).isEqualTo(15);
        assertThat(r.path("result").get(0).path("values")).hasSize(241);
    }

    @Test
    void badTimesStepsAndAggregationsAre400sThatSayWhatIsWanted() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("series=up&start=yesterday", "query parameter 'start' must be an RFC 3339 time "
                        + "(2026-11-23T12:00:00Z), unix seconds (1764000000), now, or a time ago (-2h, now-2h), got "
                        + "'yesterday'"),
                Map.entry("series=up&start=-1h&end=-2h", "query parameter 'end' (2026-03-01T10:00:00Z) is before "
                        + "'start' (2026-03-01T11:00:00Z)"),
                Map.entry("series=up&end=99999999999999", "query parameter 'end' is outside the years 0 to 9999: "
                        + "'99999999999999'"),
                Map.entry("series=up&start=--2h", "query parameter 'start' must be an RFC 3339 time "
                        + "(2026-11-23T12:00:00Z), unix seconds (1764000000), now, or a time ago (-2h, now-2h), got "
                        + "'--2h'"),
                Map.entry("series=up&step=0", "query parameter 'step' must be at least 1ms, got '0'"),
                Map.entry("series=up&step=-5s", "query parameter 'step' must be a duration (60s, 1m30s, 500ms) or a "
                        + "number of seconds, got '-5s'"),
                Map.entry("series=up&step=1x", "query parameter 'step' must be a duration (60s, 1m30s, 500ms) or a "
                        + "number of seconds, got '1x'"),
                Map.entry("series=up&step=400d", "query parameter 'step' must be at most 366d, got '400d'"),
                Map.entry("series=up&agg=median", "query parameter 'agg' must be one of min, max, avg, sum, count, "
                        + "last, got 'median'"),
                Map.entry("start=-1h", "query parameter 'series' is required: a selector such as "
                        + "service_memory_rss_bytes{service=\"api\"} (repeatable)"),
                Map.entry("series=up&step=1m&step=2m", "query parameter 'step' may be given once"),
                Map.entry("series=up&query=up", "unknown query parameter 'query'; allowed: agg, end, series, start, "
                        + "step"));
        cases.forEach((query, message) -> {
            TestDaemon.Response r = get("/api/v1/metrics/query_range?" + query.replace("{", "%7B")
                    .replace("}", "%7D").replace("\"", "%22"));
            assertThat(r.status()).as(query).isEqualTo(400);
            assertThat(r.error()).isEqualTo("invalid_request");
            assertThat(r.json().path("message").asText()).as(query).isEqualTo(message);
        });
    }

    @Test
    void moreThan11000PointsPerSeriesIsA422NamingTheLimit() {
        TestDaemon.Response r = get("/api/v1/metrics/query_range?series=host_load1&start=-4h&step=1s");

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.error()).isEqualTo("limit_exceeded");
        assertThat(r.json().path("message").asText()).isEqualTo("a step of 1s over this range gives 14401 points per "
                + "series, more than the limit of 11000 points per series; use a step of at least 2s");
    }

    @Test
    void theStoresOwnLimitIsA422WithItsMessage(@TempDir Path dir) {
        InMemoryMetricStore small = new InMemoryMetricStore(new QueryLimits(10_000, 100));
        for (int i = 0; i < 101; i++) {
            small.append(NOW.toEpochMilli() - 200_000 + i * 1000, List.of(new Reading(LOAD, i)));
        }
        try (TestDaemon other = TestDaemon.start(dir, new ManualScheduler(NOW), small, LatestUsage.NONE,
                Findings.NONE)) {
            TestDaemon.Response r = other.get("/api/v1/metrics/query_range?series=host_load1&start=-5m&step=1s",
                    other.token(Role.VIEWER));

            assertThat(r.status()).isEqualTo(422);
            assertThat(r.error()).isEqualTo("limit_exceeded");
            assertThat(r.json().path("message").asText()).isEqualTo("the selection returns more than the limit of "
                    + "100 points per query; shorten the range or use a coarser resolution");
        }
    }

    @Test
    void valuesAreStringsAsPrometheusWritesThemNaNAndInfinitiesIncluded() {
        JsonNode r = range("series=odd_values&start=-10m&end=-594s&step=1s&agg=last");

        assertThat(list(r.path("result").get(0).path("values"))).extracting(v -> v.get(1).asText())
                .containsExactly("NaN", "+Inf", "-Inf", "-0", "0.1", "1000000000000000000000");
    }

    @Test
    void severalAggregationsAnswerOneEntryEachInTheOrderAsked() {
        JsonNode r = range("series=" + enc(RSS + "{service=\"web\"}") + "&start=-10m&end=-10m&step=1m"
                + "&agg=min&agg=max&agg=count&agg=min");

        assertThat(r.path("agg")).extracting(JsonNode::asText).containsExactly("min", "max", "count");
        assertThat(r.path("result")).extracting(e -> e.path("agg").asText() + "=" + e.path("values").get(0).get(1).asText())
                .containsExactly("min=101020000", "max=101025000", "count=6");
    }

    @Test
    void aSeriesMatchedByTwoSelectorsComesOnce() {
        JsonNode r = range("series=" + enc(RSS) + "&series=" + enc("{service=\"db\"}") + "&start=-1m&step=1m");

        assertThat(r.path("result")).extracting(e -> e.path("metric").path("service").asText())
                .containsExactly("db", "web");
    }

    private static List<JsonNode> list(JsonNode array) {
        return new ArrayList<>(StreamSupport.stream(array.spliterator(), false).toList());
    }
}
