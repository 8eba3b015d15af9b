package dev.vigil.bench;

import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Matcher;
import dev.vigil.metrics.Reading;
import dev.vigil.metrics.Selection;
import dev.vigil.metrics.Series;
import dev.vigil.store.SqliteMetricStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A 24-hour range query of one series at raw resolution, from a store reopened after ingesting 25 hours of 100
 * series (so the chunks are read from metrics.db, not memory), scraped every {@code intervalMs}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 5)
public class QueryBenchmark {

    @Param({"15000", "1000"})
    long intervalMs;

    private Path dir;
    private SqliteMetricStore store;
    private Selection day;
    private long expected;

    @Setup(Level.Trial)
    public void ingest() throws IOException {
        dir = Files.createTempDirectory("vigil-query-bench");
        BenchClock clock = new BenchClock();
        clock.set(Workload.START);
        Workload workload = new Workload(100);
        long end = Workload.START + 25 * 3_600_000L;
        try (SqliteMetricStore writer = SqliteMetricStore.open(dir, clock, SqliteMetricStore.Options.defaults())) {
            long lastCompaction = Workload.START;
            for (long t = Workload.START; t < end; t += intervalMs) {
                List<Reading> batch = new ArrayList<>(workload.size());
                for (int i = 0; i < workload.size(); i++) {
                    batch.add(new Reading(workload.labels(i), workload.next(i)));
                }
                writer.append(t, batch);
                if (t - lastCompaction >= 60_000) {
                    clock.set(t);
                    writer.compact();
                    lastCompaction = t;
                }
            }
        }
        store = SqliteMetricStore.open(dir, clock, SqliteMetricStore.Options.defaults());
        Labels one = workload.labels(42);
        day = Selection.of(end - 24 * 3_600_000L, end, Matcher.metric(one.metricName()),
                Matcher.eq("series", one.value("series")));
        expected = 24 * 3_600_000L / intervalMs;
    }

    @Benchmark
    public List<Series> rawDay() {
        List<Series> found = store.select(day);
        if (Math.abs(found.getFirst().samples().size() - expected) > 2) {
            throw new IllegalStateException("expected " + expected + " samples, got " + found.getFirst().samples().size());
        }
        return found;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        TempDirs.delete(dir);
    }
}
