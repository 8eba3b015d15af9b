package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code vigil top}, {@code vigil metrics} and {@code vigil findings} print for answers of the API's shape,
 * served by a stand-in daemon in this JVM.
 */
class MetricViewsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TOKEN = "test-token";

    /** As GET /api/v1/metrics/usage answers for UsageEndpointsTest's stack. */
    static final String USAGE = """
            {"at":"2026-03-01T12:00:00Z",
             "host":{"collected_at":"2026-03-01T11:59:58Z","cores":4,"cpu_percent":23.4,"load1":0.52,
                     "memory_total_bytes":17179869184,"memory_available_bytes":12884901888,
                     "memory_used_bytes":4294967296,"memory_percent":25.0,"swap_total_bytes":2147483648,
                     "swap_used_bytes":0,"filesystems":[
                       {"mount_point":"/var","device":"/dev/sda2","type":"ext4","size_bytes":53687091200,
                        "available_bytes":5368709120,"used_percent":90.0,"inodes":3000000,"inodes_free":2000000},
                       {"mount_point":"/","device":"/dev/sda1","type":"ext4","size_bytes":107374182400,
                        "available_bytes":64424509440,"used_percent":40.0,"inodes":6000000,"inodes_free":5000000}]},
             "services":[
              {"service":"db","state":"running","restarts":0,"pid":4100,"collected_at":"2026-03-01T11:59:58Z",
               "cpu_cores":null,"cpu_percent":null,"rss_bytes":104857600,"memory_limit_bytes":null,
               "memory_percent":null,"threads":3,"open_fds":null,"fd_limit":null,"read_bytes":0,"written_bytes":0,
               "probe_seconds":null,"trend":"rising","trend_from":"store","finding":null},
              {"service":"web","state":"healthy","restarts":1,"pid":4101,"collected_at":"2026-03-01T11:59:58Z",
               "cpu_cores":0.25,"cpu_percent":25.0,"rss_bytes":157286400,"memory_limit_bytes":536870912,
               "memory_percent":29.3,"threads":12,"open_fds":40,"fd_limit":1024,"read_bytes":4096,
               "written_bytes":8192,"probe_seconds":0.003,"trend":"rising","trend_from":"finding",
               "finding":{"id":"memory:web","resource":"memory","reaches_at":"2026-03-01T12:41:00Z",
                          "time_left_seconds":2460,"summary":"leak: RSS +1.2 MB/min over 40 min, R² 0.97, reaches 512M in ~41 min"}},
              {"service":"worker","state":"running","restarts":0,"pid":4102,"collected_at":null,"cpu_cores":null,
               "cpu_percent":null,"rss_bytes":null,"memory_limit_bytes":null,"memory_percent":null,"threads":null,
               "open_fds":null,"fd_limit":null,"read_bytes":null,"written_bytes":null,"probe_seconds":null,
               "trend":"flat","trend_from":"store","finding":null},
              {"service":"nolog","state":"exited","restarts":3,"pid":null,"collected_at":null,"cpu_cores":null,
               "cpu_percent":null,"rss_bytes":null,"memory_limit_bytes":null,"memory_percent":null,"threads":null,
               "open_fds":null,"fd_limit":null,"read_bytes":null,"written_bytes":null,"probe_seconds":null,
               "trend":null,"trend_from":null,"finding":null}]}
            """;

    static final String FINDINGS = """
            {"findings":[{"id":"memory:web","resource":"memory","unit":"bytes","service":"web","subject":"web",
              "opened_at":"2026-03-01T11:20:00Z","slope_per_second":20000.0,"r2":0.97,"span_seconds":2400,
              "value":3.145728E8,"limit":5.36870912E8,"reaches_at":"2026-03-01T12:41:00Z","time_left_seconds":2460,
              "summary":"leak: RSS +1.2 MB/min over 40 min, R² 0.97, reaches 512M in ~41 min"},
             {"id":"disk:/var","resource":"disk","unit":"bytes","service":null,"subject":"/var",
              "opened_at":"2026-03-01T10:00:00Z","slope_per_second":10000.0,"r2":0.91,"span_seconds":7200,
              "value":9.0E10,"limit":1.0E11,"reaches_at":"2026-03-01T17:00:00Z","time_left_seconds":18000,
              "summary":"disk: /var +10 KB/s over 2 h, R² 0.91, full in ~5 h"}]}
            """;

    private static final String SERIES_OF_WEB = """
            {"resolution":"minute","start":1772355600,"end":1772355840,"step":120,
             "agg":["min","max","sum","count","last"],"result":[%s]}
            """;

    @TempDir
    Path state;

    private HttpServer daemon;
    private final Map<String, String> answers = new ConcurrentHashMap<>();
    private final List<String> asked = new CopyOnWriteArrayList<>();

    /** Answers canned JSON by path, to the local token only; an unknown service is a 404 as the API says it. */
    @BeforeEach
    void standIn() throws IOException {
        daemon = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        daemon.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getRawPath();
            asked.add(URLDecoder.decode(exchange.getRequestURI().getRawPath() + "?"
                    + exchange.getRequestURI().getRawQuery(), StandardCharsets.UTF_8));
            String body = answers.get(path);
            int status = 200;
            if (!("Bearer " + TOKEN).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                status = 401;
                body = "{\"error\":\"unauthorized\",\"message\":\"unknown or revoked token\"}";
            } else if (body == null) {
                status = 404;
                body = "{\"error\":\"unknown_service\",\"message\":\"no service named 'ghost' in this stack\"}";
            }
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        daemon.start();
        URI api = URI.create("http://127.0.0.1:" + daemon.getAddress().getPort());
        DaemonInfo info = new DaemonInfo(ProcessHandle.current().pid(), api, state, state.resolve("vigil.yaml"), "shop",
                Instant.now());
        Files.createDirectories(DaemonInfo.file(state).getParent());
        Files.writeString(DaemonInfo.file(state), info.toJson());
        Files.writeString(LocalToken.file(state), TOKEN);
        answers.put("/api/v1/services/web", "{\"name\":\"web\"}");
    }

    @AfterEach
    void stop() {
        daemon.stop(0);
    }

    private record Run(int code, String out, String err) {
    }

    private Run vigil(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = Main.commandLine();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--state-dir";
        all[args.length + 1] = state.toString();
        int code = cli.execute(all);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void topPrintsTheHostLineAndATableOfTheServices() throws IOException {
        assertThat(TopCommand.render(JSON.readTree(USAGE))).isEqualTo("""
                host: CPU 23.4% of 4 cores · load 0.52 · memory 4G of 16G (25.0%) · fullest /var 90.0% of 50G
                SERVICE  STATE    CPU %  MEM        MEM %  FDS      THREADS  RESTARTS  TREND
                db       running  -      100M       -      -        3        0         ↗ rising
                web      healthy  25.0%  150M/512M  29.3%  40/1024  12       1         ↑ limit in ~41m (memory:web)
                worker   running  -      -          -      -        -        0         → flat
                nolog    exited   -      -          -      -        -        3         -
                """);
    }

    @Test
    void topWithNothingCollectedYetSaysSo() throws IOException {
        JsonNode empty = JSON.readTree("""
                {"at":"2026-03-01T12:00:00Z","host":null,"services":[{"service":"web","state":"starting",
                 "restarts":0,"pid":null,"rss_bytes":null,"cpu_percent":null,"memory_percent":null,"threads":null,
                 "open_fds":null,"trend":null,"finding":null}]}
                """);

        assertThat(TopCommand.render(empty)).isEqualTo("""
                host: no usage collected yet
                SERVICE  STATE     CPU %  MEM  MEM %  FDS  THREADS  RESTARTS  TREND
                web      starting  -      -    -      -    -        0         -
                """);
    }

    @Test
    void topNoStreamAndJsonAskTheDaemonOnce() {
        answers.put(TopCommand.PATH, USAGE);

        Run table = vigil("top", "--no-stream");
        Run json = vigil("top", "--json");

        assertThat(table.code()).as(table.err()).isZero();
        assertThat(table.out()).startsWith("host: CPU 23.4% of 4 cores").contains("web      healthy  25.0%");
        assertThat(json.code()).isZero();
        assertThat(json.out()).startsWith("{\"at\":\"2026-03-01T12:00:00Z\"").endsWith("}\n");
        assertThat(asked).containsExactly(TopCommand.PATH + "?null", TopCommand.PATH + "?null");
    }

    @Test
    void findingsPrintsOneLinePerOpenFinding() throws IOException {
        Instant now = Instant.parse("2026-03-01T12:00:00Z");

        assertThat(FindingsCommand.render(JSON.readTree(FINDINGS), now)).isEqualTo("""
                SUBJECT  RESOURCE  OPEN FOR  LIMIT IN  SUMMARY
                web      memory    40m       ~41m      leak: RSS +1.2 MB/min over 40 min, R² 0.97, reaches 512M in ~41 min
                /var     disk      2h        ~5h       disk: /var +10 KB/s over 2 h, R² 0.91, full in ~5 h
                """);
        assertThat(FindingsCommand.render(JSON.readTree("{\"findings\":[]}"), now)).isEqualTo(
                "no open findings (those of the past: vigil events --type FindingOpened,FindingResolved)\n");
    }

    @Test
    void metricsOfAServiceSumsUpEachSeriesAndShowsCountersAsRates() {
        answers.put("/api/v1/metrics/query_range", SERIES_OF_WEB.formatted(String.join(",",
                entries("service_cpu_seconds_total", new double[][] {{10, 10, 10, 1, 10}, {22, 22, 22, 1, 22},
                        {4, 4, 4, 1, 4}}),
                entries("service_memory_rss_bytes", new double[][] {
                        {104857600, 110100480, 214958080, 2, 110100480},
                        {115343360, 120586240, 235929600, 2, 120586240},
                        {125829120, 131072000, 256901120, 2, 131072000}}))));

        Run r = vigil("metrics", "web", "--since", "2h");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("""
                web: 2 series over the last 2h, a point every 2m (1-minute rollups)
                SERIES                           MIN       AVG       MAX    LAST
                rate(service_cpu_seconds_total)  0.0333/s  0.0667/s  0.1/s  0.0333/s
                service_memory_rss_bytes         100M      113M      125M   125M
                """);
        String query = asked.getLast();
        assertThat(query).startsWith("/api/v1/metrics/query_range?start=").contains("&step=120s&")
                .contains("&agg=min&agg=max&agg=sum&agg=count&agg=last").endsWith("&series={service=\"web\"}");
        assertThat(asked.getFirst()).isEqualTo("/api/v1/services/web?null");
    }

    @Test
    void metricsWithMetricNamesAsksForThoseOfTheServiceAndJsonPrintsTheAnswer() {
        answers.put("/api/v1/metrics/query_range", SERIES_OF_WEB.formatted(""));

        Run r = vigil("metrics", "web", "-m", "service_threads,service_open_fds", "--step", "30s", "--json",
                "--since", "5m");

        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("{\"resolution\":\"minute\"");
        assertThat(asked.getLast()).contains("&step=30s&").endsWith("&series=service_threads{service=\"web\"}"
                + "&series=service_open_fds{service=\"web\"}");
    }

    @Test
    void metricsOfTheHostAndWithoutAnythingTheNames() {
        answers.put("/api/v1/metrics/query_range", SERIES_OF_WEB.formatted(""));
        answers.put("/api/v1/metrics/series", "{\"series\":[{\"__name__\":\"host_load1\"},"
                + "{\"__name__\":\"service_threads\",\"service\":\"db\"},{\"__name__\":\"service_threads\","
                + "\"service\":\"web\"}],\"names\":[\"host_load1\",\"service_threads\"]}");

        Run host = vigil("metrics", "--host", "--since", "24h");
        assertThat(host.code()).as(host.err()).isZero();
        assertThat(host.out()).isEqualTo("host: no series over the last 24h (vigil metrics lists the names there are)\n");
        assertThat(asked.getLast()).contains("&step=1440s&").endsWith("&series={__name__=~\"host_.*\"}");

        Run names = vigil("metrics");
        assertThat(names.out()).isEqualTo("""
                METRIC           SERIES
                host_load1       1
                service_threads  2
                """);
    }

    @Test
    void badInputExits2BeforeAskingAndAnUnknownServiceExits2WithTheDaemonsWords() {
        Run both = vigil("metrics", "web", "--host");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).isEqualTo("vigil: give a SERVICE or --host, not both\n");

        Run since = vigil("metrics", "web", "--since", "yesterday");
        assertThat(since.code()).isEqualTo(2);
        assertThat(since.err()).startsWith("vigil: --since: \"yesterday\" is neither a duration");

        Run step = vigil("metrics", "web", "--step", "fast");
        assertThat(step.code()).isEqualTo(2);
        assertThat(step.err()).isEqualTo("vigil: --step: \"fast\" is not a duration (30s, 5m, 1h)\n");

        Run metric = vigil("metrics", "web", "-m", "rss bytes");
        assertThat(metric.code()).isEqualTo(2);
        assertThat(metric.err()).isEqualTo("vigil: --metric: \"rss bytes\" is not a metric name (letters, digits, _ "
                + "and :)\n");
        assertThat(asked).isEmpty();

        Run ghost = vigil("metrics", "ghost");
        assertThat(ghost.code()).isEqualTo(2);
        assertThat(ghost.err()).isEqualTo("vigil: no service named 'ghost' in this stack\n");
    }

    @Test
    void sparklinesScaleFromLowestToHighestAndLeaveGapsBlank() {
        long[] times = {0, 1000, 2000, 4000, 5000};
        double[] values = {0, 1, 2, 7, Double.NaN};

        assertThat(Sparkline.draw(times, values, 0, 5000, 1000, 60)).isEqualTo("▁▂▃ █ ");
        assertThat(Sparkline.draw(new long[] {0, 1000}, new double[] {3, 3}, 0, 1000, 1000, 60)).isEqualTo("▁▁");
        // ten points into five characters: each the mean of two
        long[] ten = new long[10];
        double[] rising = new double[10];
        for (int i = 0; i < 10; i++) {
            ten[i] = i * 1000L;
            rising[i] = i;
        }
        assertThat(Sparkline.draw(ten, rising, 0, 9000, 1000, 5)).isEqualTo("▁▃▅▆█");
    }

    @Test
    void quantitiesAreShortAndCarryTheirUnit() {
        assertThat(Quantities.of("service_memory_rss_bytes", 157286400, false)).isEqualTo("150M");
        assertThat(Quantities.of("host_network_receive_bytes_total", 2048, true)).isEqualTo("2K/s");
        assertThat(Quantities.of("service_threads", 12, false)).isEqualTo("12");
        assertThat(Quantities.of("host_load1", 0.5234, false)).isEqualTo("0.523");
        assertThat(Quantities.of("host_load1", Double.NaN, false)).isEqualTo("NaN");
        assertThat(Quantities.number(1_234_567)).isEqualTo("1.23M");
        assertThat(Quantities.number(-2500)).isEqualTo("-2.5k");
        assertThat(Quantities.number(0)).isEqualTo("0");
        assertThat(Quantities.parse("+Inf")).isInfinite();
        assertThat(Quantities.about(Duration.ofSeconds(2460))).isEqualTo("41m");
        assertThat(Quantities.about(Duration.ofSeconds(18_030))).isEqualTo("5h");
        assertThat(Quantities.about(Duration.ofSeconds(45))).isEqualTo("45s");
    }

    /** The five entries the CLI asks for, of one series of web: each row is min, max, sum, count, last. */
    private static String entries(String metric, double[][] points) {
        String[] aggs = {"min", "max", "sum", "count", "last"};
        StringBuilder out = new StringBuilder();
        for (int a = 0; a < aggs.length; a++) {
            if (a > 0) {
                out.append(',');
            }
            out.append("{\"metric\":{\"__name__\":\"").append(metric).append("\",\"service\":\"web\"},\"agg\":\"")
                    .append(aggs[a]).append("\",\"values\":[");
            for (int i = 0; i < points.length; i++) {
                out.append(i > 0 ? "," : "").append('[').append(1772355600 + 120 * i).append(",\"")
                        .append(new java.math.BigDecimal(points[i][a]).toPlainString()).append("\"]");
            }
            out.append("]}");
        }
        return out.toString();
    }
}
