package dev.vigil.scrape;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The Prometheus text format and OpenMetrics, read as a scrape reads them; every malformed case refused whole. */
class ExpositionTest {

    private static final String TEXT = "text/plain; version=0.0.4; charset=utf-8";
    private static final String OPEN_METRICS = "application/openmetrics-text; version=1.0.0; charset=utf-8";

    private static Exposition.Result text(String body) throws ExpositionException {
        return Exposition.parse(body, TEXT, 1000);
    }

    @Test
    void theTextFormatsExampleIsReadSampleBySample() throws Exception {
        // The example of https://prometheus.io/docs/instrumenting/exposition_formats/, as written there.
        String body = """
                # HELP http_requests_total The total number of HTTP requests.
                # TYPE http_requests_total counter
                http_requests_total{method="post",code="200"} 1027 1395066363000
                http_requests_total{method="post",code="400"}    3 1395066363000

                # Escaping in label values:
                msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9

                # Minimalistic line:
                metric_without_timestamp_and_labels 12.47

                # A weird metric from before the epoch:
                something_weird{problem="division by zero"} +Inf -3982045

                # A histogram, which has a pretty complex representation in the text format:
                # HELP http_request_duration_seconds A histogram of the request duration.
                # TYPE http_request_duration_seconds histogram
                http_request_duration_seconds_bucket{le="0.05"} 24054
                http_request_duration_seconds_bucket{le="0.1"} 33444
                http_request_duration_seconds_bucket{le="+Inf"} 144320
                http_request_duration_seconds_sum 53423
                http_request_duration_seconds_count 144320

                # Finally a summary, which has a complex representation, too:
                # HELP rpc_duration_seconds A summary of the RPC duration in seconds.
                # TYPE rpc_duration_seconds summary
                rpc_duration_seconds{quantile="0.01"} 3102
                rpc_duration_seconds{quantile="0.99"} 76656
                rpc_duration_seconds_sum 1.7560473e+07
                rpc_duration_seconds_count 2693
                """;

        Exposition.Result r = text(body);

        assertThat(r.samples()).hasSize(14);
        assertThat(r.samples().getFirst()).isEqualTo(new ScrapedSample("http_requests_total",
                Map.of("method", "post", "code", "200"), 1027, OptionalLong.of(1395066363000L)));
        assertThat(r.samples().get(2).labels()).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
                "error", "Cannot find file:\n\"FILE.TXT\"", "path", "C:\\DIR\\FILE.TXT")));
        assertThat(r.samples().get(3)).isEqualTo(new ScrapedSample("metric_without_timestamp_and_labels", Map.of(),
                12.47, OptionalLong.empty()));
        assertThat(r.samples().get(4).value()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(r.samples().get(4).timestampMillis()).hasValue(-3982045);
        assertThat(r.types()).containsEntry("http_requests_total", Exposition.Type.COUNTER)
                .containsEntry("http_request_duration_seconds", Exposition.Type.HISTOGRAM)
                .containsEntry("rpc_duration_seconds", Exposition.Type.SUMMARY);
        assertThat(r.duplicates()).isEmpty();
    }

    @Test
    void openMetricsTimestampsAreSecondsExemplarsAreIgnoredAndEofEndsIt() throws Exception {
        String body = """
                # TYPE acme_http_router_request_seconds summary
                # UNIT acme_http_router_request_seconds seconds
                # HELP acme_http_router_request_seconds Latency though all of ACME's HTTP request router.
                acme_http_router_request_seconds_sum{path="/api/v1",method="GET"} 9036.32
                acme_http_router_request_seconds_count{path="/api/v1",method="GET"} 807283.0
                acme_http_router_request_seconds_created{path="/api/v1",method="GET"} 1605281325.0
                # TYPE foo counter
                foo_total 17.0 1520879607.789 # {trace_id="KOO5S4vxi0o"} 0.67
                # TYPE go_goroutines gauge
                go_goroutines 69
                # EOF
                """;

        Exposition.Result r = Exposition.parse(body, OPEN_METRICS, 1000);

        assertThat(r.samples()).extracting(ScrapedSample::name).containsExactly("acme_http_router_request_seconds_sum",
                "acme_http_router_request_seconds_count", "acme_http_router_request_seconds_created", "foo_total",
                "go_goroutines");
        assertThat(r.samples().get(3).timestampMillis()).hasValue(1520879607789L);
        assertThat(r.samples().get(3).value()).isEqualTo(17.0);
    }

    @Test
    void aSeriesGivenTwiceKeepsItsFirstSampleAndIsReported() throws Exception {
        Exposition.Result r = text("up 1\nup 0\nother{a=\"1\"} 2\nother{a=\"1\"} 3\n");

        assertThat(r.samples()).extracting(ScrapedSample::value).containsExactly(1.0, 2.0);
        assertThat(r.duplicates()).containsExactly("`up{}`", "`other{a=1}`");
    }

    @Test
    void specialValuesAndNoTrailingNewline() throws Exception {
        Exposition.Result r = text("a NaN\nb -Inf\nc +inf\nd 1e-3\ne -.5");

        assertThat(r.samples()).extracting(ScrapedSample::value)
                .containsExactly(Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0.001, -0.5);
    }

    @Test
    void aLabelCanBeAddedToEverySample() throws Exception {
        ScrapedSample s = text("jobs{queue=\"high\"} 3\n").samples().getFirst().withLabel("service", "worker");

        assertThat(s.labels()).containsExactly(Map.entry("queue", "high"), Map.entry("service", "worker"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformed")
    void aMalformedExpositionIsRefusedWhole(String name, String contentType, String body, String message) {
        ExpositionException e = catchThrowableOfType(ExpositionException.class,
                () -> Exposition.parse(body, contentType, 5));

        assertThat(e).as("refused").isNotNull();
        assertThat(e.getMessage()).isEqualTo(message);
    }

    static Stream<Arguments> malformed() {
        return Stream.of(
                Arguments.of("value that is not a number", TEXT, "ok 1\nup one\n", "line 2: invalid value `one`"),
                Arguments.of("Java's own float syntax", TEXT, "up 1d\n", "line 1: invalid value `1d`"),
                Arguments.of("metric name", TEXT, "1up 1\n", "line 1: invalid metric name `1up`"),
                Arguments.of("no value", TEXT, "up\n", "line 1: expected a space and a value after up"),
                Arguments.of("label value unquoted", TEXT, "up{a=b} 1\n", "line 1: expected a quoted value for label a"),
                Arguments.of("label value not closed", TEXT, "up{a=\"b} 1\n", "line 1: a label value is not closed with `\"`"),
                Arguments.of("labels not closed", TEXT, "up{a=\"b\" 1\n",
                        "line 1: expected `,` or `}` after the value of label a"),
                Arguments.of("label twice", TEXT, "up{a=\"1\",a=\"2\"} 1\n", "line 1: label a given twice"),
                Arguments.of("reserved label", TEXT, "up{__name__=\"x\"} 1\n",
                        "line 1: label name __name__ is reserved (it starts with __)"),
                Arguments.of("garbage after the timestamp", TEXT, "up 1 1000 extra\n",
                        "line 1: unexpected `extra` after the value"),
                Arguments.of("timestamp with a fraction", TEXT, "up 1 10.5\n",
                        "line 1: invalid timestamp `10.5` (milliseconds since the epoch)"),
                Arguments.of("unknown type", TEXT, "# TYPE up thing\nup 1\n",
                        "line 1: unknown type `thing` for up; expected counter, gauge, histogram, summary or untyped"),
                Arguments.of("second TYPE", TEXT, "# TYPE up gauge\n# TYPE up counter\n",
                        "line 2: a second TYPE line for up"),
                Arguments.of("bucket without le", TEXT, "# TYPE h histogram\nh_bucket 1\n",
                        "line 2: histogram bucket h_bucket without an `le` label"),
                Arguments.of("negative counter", TEXT, "# TYPE c counter\nc -1\n", "line 2: counter c is negative"),
                Arguments.of("quoted UTF-8 name", TEXT, "{\"my.metric\"} 1\n",
                        "line 1: not supported: a quoted (UTF-8) metric name; use a classic name"),
                Arguments.of("too many samples", TEXT, "a 1\nb 1\nc 1\nd 1\ne 1\nf 1\n",
                        "line 6: more than 5 samples (the target's sample limit)"),
                Arguments.of("OpenMetrics cut off", OPEN_METRICS, "up 1\n",
                        "no `# EOF` at the end: the exposition was cut off"),
                Arguments.of("OpenMetrics text after EOF", OPEN_METRICS, "up 1\n# EOF\nup 2\n",
                        "line 3: text after `# EOF`"),
                Arguments.of("OpenMetrics empty line", OPEN_METRICS, "up 1\n\n# EOF\n",
                        "line 2: empty line (OpenMetrics has none)"),
                Arguments.of("HTML error page", TEXT, "<html><body>502 Bad Gateway</body></html>\n",
                        "line 1: invalid metric name `<html><body>502 Bad Gateway</body></html>`"));
    }

    @Test
    void anEmptyExpositionHasNoSamples() throws Exception {
        assertThat(text("").samples()).isEmpty();
        assertThat(text("# just a comment\n\n").samples()).isEmpty();
    }
}
