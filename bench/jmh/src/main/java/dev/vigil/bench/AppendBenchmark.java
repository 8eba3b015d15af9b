package dev.vigil.bench;

import dev.vigil.metrics.Reading;
import dev.vigil.store.SqliteMetricStore;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
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

/**
 * Samples appended per second on one thread: one batch of {@code series} samples per call (one collection): the
 * head, the rollups in progress, the WAL write, chunk cuts; and the compaction step (writing chunks, retention,
 * budget, WAL rewrite) on the same thread as {@link #compactEvery} says. Run under {@code taskset -c 0}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 3, time = 5)
@Measurement(iterations = 5, time = 10)
public class AppendBenchmark {

    static final int SERIES = 1_000;
    private static final int BATCHES = 480; // 2 hours of scrapes, replayed with ever later times

    @Param({"1000"})
    int series;

    /**
     * Batches between compaction steps. 4: every minute of data time (15-second scrapes), so at a million samples
     * a second the step runs 250 times a second instead of once a minute: its cost at far more than its real rate.
     * 0: never (the daemon's once a minute is noise at this rate); chunks are still written when the WAL fills.
     */
    @Param({"4", "0"})
    int compactEvery;

    private Path dir;
    private BenchClock clock;
    private SqliteMetricStore store;
    private List<List<Reading>> batches;
    private long n;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("vigil-append-bench");
        clock = new BenchClock();
        clock.set(Workload.START);
        store = SqliteMetricStore.open(dir, clock, SqliteMetricStore.Options.defaults()
                .withRetention(dev.vigil.metrics.Resolution.RAW, java.time.Duration.ofDays(3650)));
        Workload workload = new Workload(series);
        batches = new ArrayList<>();
        for (int b = 0; b < BATCHES; b++) {
            List<Reading> batch = new ArrayList<>(series);
            for (int i = 0; i < series; i++) {
                batch.add(new Reading(workload.labels(i), workload.next(i)));
            }
            batches.add(batch);
        }
    }

    @Benchmark
    @OperationsPerInvocation(SERIES)
    public int append() {
        long t = Workload.START + n * Workload.INTERVAL;
        int appended = store.append(t, batches.get((int) (n % BATCHES))).appended();
        n++;
        if (compactEvery > 0 && n % compactEvery == 0) {
            clock.set(t);
            store.compact();
        }
        return appended;
    }

    @TearDown(Level.Trial)
    public void close() throws IOException {
        store.close();
        TempDirs.delete(dir);
    }
}
