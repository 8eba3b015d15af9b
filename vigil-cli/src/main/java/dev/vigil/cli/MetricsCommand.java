package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.collect.MetricNames;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Matcher;
import dev.vigil.metrics.Selectors;
import dev.vigil.stack.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;

/** {@code vigil metrics [SERVICE] [--host]}: series from the daemon's metric store, summed up or as sparklines. */
@Command(name = "metrics", mixinStandardHelpOptions = true,
        description = "Show a service's series (or the host's) over a time range: min, avg, max and last of each, "
                + "with a sparkline when the output is a terminal; counters (_total) as rates per second. "
                + "Without SERVICE, --host or --metric: the metric names there are.")
final class MetricsCommand implements Callable<Integer> {

    /** Points asked for when no step is given, and the width of a sparkline. */
    static final int COLUMNS = 60;
    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final String AGGS = "&agg=min&agg=max&agg=sum&agg=count&agg=last";

    @Spec
    CommandSpec spec;

    @Mixin
    DaemonTarget target;

    @Parameters(index = "0", arity = "0..1", paramLabel = "SERVICE", description = "The service whose series to show.")
    String service;

    @Option(names = "--host", description = "The host's series (host_*) instead of a service's.")
    boolean host;

    @Option(names = "--since", paramLabel = "WHEN", defaultValue = "1h",
            description = "From WHEN until now: a duration ago (5m, 2h, 7d) or a time (2026-11-23T10:00:00Z, "
                    + "2026-11-23T10:00, 2026-11-23); default: ${DEFAULT-VALUE}.")
    String since;

    @Option(names = {"-m", "--metric"}, paramLabel = "NAME", split = ",",
            description = "Only these series (repeatable or comma-separated), e.g. service_memory_rss_bytes.")
    List<String> metrics = List.of();

    @Option(names = "--step", paramLabel = "DURATION",
            description = "One point per step (30s, 5m); default: the range in " + COLUMNS + " points.")
    String step;

    @Option(names = "--json", description = "Print the API's answer (GET /api/v1/metrics/query_range) as it is.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (service != null && host) {
            throw new InvalidInput("give a SERVICE or --host, not both");
        }
        for (String m : metrics) {
            if (!METRIC.matcher(m).matches()) {
                throw new InvalidInput("--metric: \"" + m + "\" is not a metric name (letters, digits, _ and :)");
            }
        }
        Instant now = Instant.now();
        Instant from = EventsCommand.when("--since", since, now);
        if (!from.isBefore(now)) {
            throw new InvalidInput("--since: " + since + " is not in the past");
        }
        String stepText = step != null ? checkedStep(step)
                : Math.max(1, Math.ceilDiv(Duration.between(from, now).toSeconds(), COLUMNS)) + "s";
        ApiClient client = target.client();
        if (service != null) {
            client.get("/api/v1/services/" + URLEncoder.encode(service, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        List<String> selectors = selectors();
        if (selectors.isEmpty()) {
            return names(client, out);
        }
        StringBuilder query = new StringBuilder("/api/v1/metrics/query_range?start=").append(from).append("&end=")
                .append(now).append("&step=").append(stepText).append(AGGS);
        selectors.forEach(s -> query.append("&series=").append(URLEncoder.encode(s, StandardCharsets.UTF_8)));
        JsonNode answer = client.get(query.toString());
        if (json) {
            out.println(answer.toString());
            out.flush();
            return ExitCodes.OK;
        }
        String subject = service != null ? service : host ? "host" : String.join(", ", metrics);
        String range = Durations.parse(since).isPresent() ? "over the last " + since : "since " + since;
        List<Row> rows = rows(answer);
        if (rows.isEmpty()) {
            out.println(subject + ": no series " + range + " (vigil metrics lists the names there are)");
        } else {
            out.println(subject + ": " + rows.size() + " series " + range + ", a point every "
                    + Durations.format(Duration.ofMillis(Math.round(answer.path("step").asDouble() * 1000))) + " ("
                    + resolution(answer.path("resolution").asText()) + ")");
            print(rows, answer, Terminal.isInteractive(), out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String checkedStep(String text) {
        boolean seconds = text.matches("\\d+(\\.\\d+)?") && Double.parseDouble(text) > 0;
        if (!seconds && Durations.parse(text).filter(d -> d.toMillis() > 0).isEmpty()) {
            throw new InvalidInput("--step: \"" + text + "\" is not a duration (30s, 5m, 1h)");
        }
        return text;
    }

    private List<String> selectors() {
        List<String> out = new ArrayList<>();
        Optional<Matcher> of = service != null ? Optional.of(Matcher.eq(MetricNames.SERVICE, service))
                : Optional.empty();
        for (String m : metrics) {
            List<Matcher> matchers = new ArrayList<>(List.of(Matcher.metric(m)));
            of.ifPresent(matchers::add);
            out.add(Selectors.format(matchers));
        }
        if (out.isEmpty() && of.isPresent()) {
            out.add(Selectors.format(List.of(of.get())));
        }
        if (out.isEmpty() && host) {
            out.add(Selectors.format(List.of(Matcher.re(Labels.METRIC_NAME, "host_.*"))));
        }
        return out;
    }

    private int names(ApiClient client, PrintWriter out) {
        JsonNode answer = client.get("/api/v1/metrics/series");
        if (json) {
            out.println(answer.toString());
        } else if (answer.path("series").isEmpty()) {
            out.println("no series stored yet");
        } else {
            Map<String, Integer> counts = new TreeMap<>();
            answer.path("series").forEach(s -> counts.merge(s.path(Labels.METRIC_NAME).asText(), 1, Integer::sum));
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"METRIC", "SERIES"});
            counts.forEach((name, n) -> rows.add(new String[] {name, Integer.toString(n)}));
            Table.print(rows, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    private static String resolution(String r) {
        return switch (r) {
            case "raw" -> "raw samples";
            case "minute" -> "1-minute rollups";
            case "hour" -> "1-hour rollups";
            default -> r;
        };
    }

    /** One series summed up: its name as shown, and per point the value a sparkline draws. */
    record Row(String name, String metric, boolean rate, double min, double avg, double max, double last,
               long[] times, double[] values) {
    }

    /** The answer's entries grouped by series (one entry per aggregation), each summed up over the range. */
    private List<Row> rows(JsonNode answer) {
        Map<String, Map<String, JsonNode>> bySeries = new LinkedHashMap<>();
        for (JsonNode entry : answer.path("result")) {
            bySeries.computeIfAbsent(entry.path("metric").toString(), k -> new LinkedHashMap<>())
                    .put(entry.path("agg").asText(), entry);
        }
        List<Row> rows = new ArrayList<>();
        for (Map<String, JsonNode> aggs : bySeries.values()) {
            JsonNode labels = aggs.values().iterator().next().path("metric");
            String metric = labels.path(Labels.METRIC_NAME).asText();
            rows.add(metric.endsWith("_total") ? rate(name(labels), metric, aggs.get("last"))
                    : gauge(name(labels), metric, aggs));
        }
        return rows;
    }

    /** {@code name{label="value"}}, without the service label when a service was asked for. */
    private String name(JsonNode labels) {
        StringBuilder b = new StringBuilder(labels.path(Labels.METRIC_NAME).asText());
        List<String> rest = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals(Labels.METRIC_NAME) && !(service != null && e.getKey().equals(MetricNames.SERVICE))) {
                rest.add(e.getKey() + "=\"" + e.getValue().asText() + "\"");
            }
        }
        return rest.isEmpty() ? b.toString() : b.append('{').append(String.join(",", rest)).append('}').toString();
    }

    private static Row gauge(String name, String metric, Map<String, JsonNode> aggs) {
        List<JsonNode> sums = points(aggs.get("sum"));
        List<JsonNode> counts = points(aggs.get("count"));
        List<JsonNode> lasts = points(aggs.get("last"));
        long[] times = new long[sums.size()];
        double[] values = new double[sums.size()];
        double sum = 0;
        double count = 0;
        for (int i = 0; i < sums.size(); i++) {
            times[i] = millis(sums.get(i));
            double s = value(sums.get(i));
            double c = value(counts.get(i));
            values[i] = s / c;
            sum += s;
            count += c;
        }
        return new Row(name, metric, false, extreme(points(aggs.get("min")), true),
                sum / count, extreme(points(aggs.get("max")), false), lasts.isEmpty() ? Double.NaN
                : value(lasts.getLast()), times, values);
    }

    /** A counter as its rate per second between points; a counter that went down restarted from zero. */
    private static Row rate(String name, String metric, JsonNode lasts) {
        List<JsonNode> points = points(lasts);
        int n = Math.max(0, points.size() - 1);
        long[] times = new long[n];
        double[] values = new double[n];
        double increase = 0;
        double seconds = 0;
        double min = Double.NaN;
        double max = Double.NaN;
        for (int i = 0; i < n; i++) {
            double before = value(points.get(i));
            double after = value(points.get(i + 1));
            double delta = after >= before ? after - before : after;
            double dt = (millis(points.get(i + 1)) - millis(points.get(i))) / 1000.0;
            times[i] = millis(points.get(i + 1));
            values[i] = delta / dt;
            increase += delta;
            seconds += dt;
            min = Double.isNaN(min) || values[i] < min ? values[i] : min;
            max = Double.isNaN(max) || values[i] > max ? values[i] : max;
        }
        return new Row("rate(" + name + ")", metric, true, min, seconds == 0 ? Double.NaN : increase / seconds, max,
                n == 0 ? Double.NaN : values[n - 1], times, values);
    }

    private static double extreme(List<JsonNode> points, boolean lowest) {
        double best = Double.NaN;
        for (JsonNode p : points) {
            double v = value(p);
            if (Double.isNaN(best) || (lowest ? v < best : v > best)) {
                best = v;
            }
        }
        return best;
    }

    private static List<JsonNode> points(JsonNode entry) {
        List<JsonNode> out = new ArrayList<>();
        if (entry != null) {
            entry.path("values").forEach(out::add);
        }
        return out;
    }

    private static long millis(JsonNode point) {
        return Math.round(point.get(0).asDouble() * 1000);
    }

    private static double value(JsonNode point) {
        return Quantities.parse(point.get(1).asText());
    }

    private static void print(List<Row> rows, JsonNode answer, boolean sparklines, PrintWriter out) {
        List<String[]> table = new ArrayList<>();
        table.add(sparklines ? new String[] {"SERIES", "", "MIN", "AVG", "MAX", "LAST"}
                : new String[] {"SERIES", "MIN", "AVG", "MAX", "LAST"});
        long start = Math.round(answer.path("start").asDouble() * 1000);
        long end = Math.round(answer.path("end").asDouble() * 1000);
        long stepMs = Math.max(1, Math.round(answer.path("step").asDouble() * 1000));
        for (Row r : rows) {
            List<String> cells = new ArrayList<>(List.of(r.name()));
            if (sparklines) {
                cells.add(Sparkline.draw(r.times(), r.values(), start, end, stepMs, COLUMNS));
            }
            for (double v : new double[] {r.min(), r.avg(), r.max(), r.last()}) {
                cells.add(Double.isNaN(v) && r.times().length == 0 ? "-" : Quantities.of(r.metric(), v, r.rate()));
            }
            table.add(cells.toArray(String[]::new));
        }
        Table.print(table, out);
    }
}
