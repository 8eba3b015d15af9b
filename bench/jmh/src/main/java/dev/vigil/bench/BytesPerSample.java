package dev.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Reading;
import dev.vigil.store.SqliteMetricStore;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * Bytes per sample of the store, not timed: ingests a workload, closes the store and measures
 * (1) the raw chunks alone (the codec: bytes of every raw chunk, header and CRC included, over their samples) and
 * (2) the whole state directory (raw, 1m and 1h rollups, SQLite pages and indexes, the WAL) over every sample.
 *
 * <pre>
 * BytesPerSample synthetic SERIES HOURS [OM]   the Workload series, scraped every 15 s; with OM, the same samples
 *                                             also written as OpenMetrics (for promtool tsdb create-blocks-from)
 * BytesPerSample prometheus EXPORT.json        a Prometheus range query result: the same samples Prometheus stored
 * BytesPerSample real STATE_DIR [OM]           a copy of the store a running Vigil collected in STATE_DIR, as it is
 *                                             (its chunks were cut by that Vigil); with OM, its samples also
 *                                             written as OpenMetrics for promtool
 * </pre>
 */
public final class BytesPerSample {

    private BytesPerSample() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("vigil-bytes-bench");
        try {
            long samples = switch (args[0]) {
                case "synthetic" -> synthetic(dir, Integer.parseInt(args[1]), Integer.parseInt(args[2]),
                        args.length > 3 ? Path.of(args[3]) : null);
                case "prometheus" -> prometheus(dir, Path.of(args[1]));
                case "real" -> real(dir, Path.of(args[1]), args.length > 2 ? Path.of(args[2]) : null);
                default -> throw new IllegalArgumentException(
                        "synthetic SERIES HOURS | prometheus EXPORT.json | real STATE_DIR [OM]");
            };
            report(dir, samples);
        } finally {
            TempDirs.delete(dir);
        }
    }

    private static long synthetic(Path dir, int series, int hours, Path openMetrics) throws IOException {
        BenchClock clock = new BenchClock();
        Workload workload = new Workload(series);
        long scrapes = hours * 3_600_000L / Workload.INTERVAL;
        long[] times = new long[(int) scrapes];
        double[][] values = new double[series][(int) scrapes];
        long samples = 0;
        try (SqliteMetricStore store = open(dir, clock)) {
            for (int n = 0; n < scrapes; n++) {
                long t = workload.time(n);
                times[n] = t;
                List<Reading> batch = new ArrayList<>(series);
                for (int i = 0; i < series; i++) {
                    values[i][n] = workload.next(i);
                    batch.add(new Reading(workload.labels(i), values[i][n]));
                }
                samples += store.append(t, batch).appended();
                if (n % 4 == 3) {
                    clock.set(t);
                    store.compact();
                }
            }
        }
        if (openMetrics != null) {
            writeOpenMetrics(openMetrics, workload, times, values);
        }
        return samples;
    }

    // Families one after the other (as OpenMetrics wants them), each series' samples oldest first.
    private static void writeOpenMetrics(Path file, Workload workload, long[] times, double[][] values)
            throws IOException {
        Map<String, List<Integer>> families = new TreeMap<>();
        for (int i = 0; i < workload.size(); i++) {
            families.computeIfAbsent(workload.labels(i).metricName(), k -> new ArrayList<>()).add(i);
        }
        try (var out = new java.io.PrintWriter(Files.newBufferedWriter(file))) {
            for (Map.Entry<String, List<Integer>> family : families.entrySet()) {
                out.println("# TYPE " + family.getKey() + " gauge");
                for (int i : family.getValue()) {
                    Labels l = workload.labels(i);
                    String name = l.toString().replace(", ", ",");
                    for (int n = 0; n < times.length; n++) {
                        double v = values[i][n];
                        out.println(name + " " + (Double.isNaN(v) ? "NaN" : Double.toString(v)) + " "
                                + BigDecimal.valueOf(times[n]).movePointLeft(3).toPlainString());
                    }
                }
            }
            out.println("# EOF");
        }
    }

    /** Replays a Prometheus query result ({"data":{"result":[{"metric":{..},"values":[[t,"v"],..]}]}}) by time. */
    private static long prometheus(Path dir, Path export) throws IOException {
        JsonNode result = new ObjectMapper().readTree(export.toFile()).path("data").path("result");
        TreeMap<Long, List<Reading>> byTime = new TreeMap<>();
        for (JsonNode s : result) {
            Map<String, String> labels = new HashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = s.path("metric").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                labels.put(e.getKey(), e.getValue().asText());
            }
            Labels l = Labels.of(labels);
            for (JsonNode point : s.path("values")) {
                long t = new BigDecimal(point.get(0).asText()).movePointRight(3).longValueExact();
                byTime.computeIfAbsent(t, k -> new ArrayList<>()).add(new Reading(l, parse(point.get(1).asText())));
            }
        }
        BenchClock clock = new BenchClock();
        long samples = 0;
        try (SqliteMetricStore store = open(dir, clock)) {
            long lastCompaction = Long.MIN_VALUE;
            for (Map.Entry<Long, List<Reading>> batch : byTime.entrySet()) {
                // Each series' samples arrive one time at a time, as a scrape would bring them.
                for (Reading r : batch.getValue()) {
                    samples += store.append(batch.getKey(), List.of(r)).appended();
                }
                if (batch.getKey() - lastCompaction >= 60_000) {
                    clock.set(batch.getKey());
                    store.compact();
                    lastCompaction = batch.getKey();
                }
            }
        }
        return samples;
    }

    /** Copies the collected store, counts its samples (and writes them as OpenMetrics when asked). */
    private static long real(Path dir, Path stateDir, Path openMetrics) throws IOException {
        for (String f : List.of(SqliteMetricStore.DB_FILE, SqliteMetricStore.WAL_FILE)) {
            Files.copy(stateDir.resolve(f), dir.resolve(f));
        }
        BenchClock clock = new BenchClock();
        long samples = 0;
        try (SqliteMetricStore store = open(dir, clock);
             var out = openMetrics == null ? null : new java.io.PrintWriter(Files.newBufferedWriter(openMetrics))) {
            clock.set(System.currentTimeMillis());
            for (String name : store.labelValues(Labels.METRIC_NAME)) {
                var series = store.select(new dev.vigil.metrics.Selection(
                        List.of(dev.vigil.metrics.Matcher.metric(name)), 0, Long.MAX_VALUE / 4));
                if (out != null) {
                    out.println("# TYPE " + name + " gauge");
                }
                for (var s : series) {
                    samples += s.samples().size();
                    if (out != null) {
                        String labels = s.labels().toString().replace(", ", ",");
                        for (var sample : s.samples()) {
                            double v = sample.value();
                            if (dev.vigil.metrics.Sample.isStaleMarker(v)) {
                                continue;
                            }
                            out.println(labels + " " + (Double.isNaN(v) ? "NaN" : Double.toString(v)) + " "
                                    + BigDecimal.valueOf(sample.timestampMs()).movePointLeft(3).toPlainString());
                        }
                    }
                }
            }
            if (out != null) {
                out.println("# EOF");
            }
        }
        return samples;
    }

    private static double parse(String v) {
        return switch (v) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(v);
        };
    }

    private static SqliteMetricStore open(Path dir, BenchClock clock) {
        clock.set(0);
        return SqliteMetricStore.open(dir, clock, SqliteMetricStore.Options.defaults()
                .withRetention(dev.vigil.metrics.Resolution.RAW, java.time.Duration.ofDays(36500))
                .withRetention(dev.vigil.metrics.Resolution.MINUTE, java.time.Duration.ofDays(36500))
                .withRetention(dev.vigil.metrics.Resolution.HOUR, java.time.Duration.ofDays(36500)));
    }

    private static void report(Path dir, long samples) throws Exception {
        long chunkBytes = 0;
        long chunkSamples = 0;
        long[] byResolution = new long[3];
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteMetricStore.DB_FILE));
             ResultSet rs = db.createStatement().executeQuery("SELECT resolution, data FROM chunks")) {
            while (rs.next()) {
                byte[] data = rs.getBytes(2);
                byResolution[rs.getInt(1)] += data.length;
                if (rs.getInt(1) == 0) {
                    chunkBytes += data.length;
                    chunkSamples += ((data[1] & 0xFF) << 8) | (data[2] & 0xFF);
                }
            }
        }
        long files = 0;
        try (Stream<Path> all = Files.list(dir)) {
            for (Path p : all.toList()) {
                files += Files.size(p);
            }
        }
        System.out.printf("samples appended            %d%n", samples);
        System.out.printf("raw chunks (codec)          %d bytes / %d samples = %.3f bytes/sample%n", chunkBytes,
                chunkSamples, (double) chunkBytes / chunkSamples);
        System.out.printf("rollup chunks               1m %d bytes, 1h %d bytes%n", byResolution[1], byResolution[2]);
        System.out.printf("state directory, all files  %d bytes / %d samples = %.3f bytes/sample%n", files, samples,
                (double) files / samples);
    }
}
