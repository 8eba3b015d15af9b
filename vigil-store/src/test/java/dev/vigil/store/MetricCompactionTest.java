package dev.vigil.store;

import dev.vigil.metrics.Aggregate;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Matcher;
import dev.vigil.metrics.MetricStoreContract;
import dev.vigil.metrics.Reading;
import dev.vigil.metrics.Resolution;
import dev.vigil.metrics.RollupSeries;
import dev.vigil.metrics.Sample;
import dev.vigil.metrics.Selection;
import dev.vigil.metrics.StorageProblem;
import dev.vigil.time.ManualScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/** Rollups, retention and the disk budget, driven by the compaction step on the manual clock. */
class MetricCompactionTest {

    private static final long T0 = 1_767_225_600_000L;
    private static final Labels RSS = Labels.metric("process_resident_memory_bytes", "service", "api");

    @TempDir
    Path dir;

    private final ManualScheduler clock = new ManualScheduler(Instant.ofEpochMilli(T0));
    private final List<StorageProblem> problems = new CopyOnWriteArrayList<>();
    private final Random random = new Random(11);
    private SqliteMetricStore store;

    private SqliteMetricStore open(SqliteMetricStore.Options options) {
        if (store != null) {
            store.close();
        }
        store = SqliteMetricStore.open(dir, clock, options.withCompactor(Runnable::run).withProblems(problems::add));
        return store;
    }

    private static SqliteMetricStore.Options defaults() {
        return SqliteMetricStore.Options.defaults();
    }

    @AfterEach
    void close() {
        if (store != null) {
            store.close();
        }
    }

    /** Appends a sample of RSS every {@code every} at the clock's time (jittered), moving the clock on. */
    private List<Sample> scrape(Duration span, Duration every) {
        List<Sample> appended = new ArrayList<>();
        long end = clock.now().toEpochMilli() + span.toMillis();
        double value = 1e8;
        while (clock.now().toEpochMilli() < end) {
            long t = clock.now().toEpochMilli() + random.nextInt(5);
            value = random.nextInt(10) == 0 ? Double.NaN : value + random.nextInt(4096) - 2048;
            if (store.append(t, List.of(new Reading(RSS, value))).appended() == 1) {
                appended.add(new Sample(t, value));
            }
            clock.advance(every);
        }
        return appended;
    }

    private List<Aggregate> rollup(Resolution r) {
        List<RollupSeries> found = store.rollup(Selection.of(Long.MIN_VALUE, Long.MAX_VALUE,
                Matcher.metric(RSS.metricName())), r);
        return found.isEmpty() ? List.of() : found.getFirst().aggregates();
    }

    private static List<Aggregate> bruteForce(List<Sample> raw, Resolution r) {
        return Brute.force(raw, r);
    }

    @Test
    void rollupsWrittenByCompactionEqualABruteForceComputationAlsoAfterReopen() throws SQLException {
        open(defaults());
        List<Sample> raw = scrape(Duration.ofHours(26), Duration.ofSeconds(20));

        assertThat(chunkCount(Resolution.MINUTE)).isPositive();
        assertThat(chunkCount(Resolution.HOUR)).isPositive();
        assertThat(rollup(Resolution.MINUTE)).isEqualTo(bruteForce(raw, Resolution.MINUTE));
        assertThat(rollup(Resolution.HOUR)).isEqualTo(bruteForce(raw, Resolution.HOUR));

        open(defaults());
        assertThat(rollup(Resolution.MINUTE)).isEqualTo(bruteForce(raw, Resolution.MINUTE));
        assertThat(rollup(Resolution.HOUR)).isEqualTo(bruteForce(raw, Resolution.HOUR));
        raw.addAll(scrape(Duration.ofHours(1), Duration.ofSeconds(10)));
        assertThat(rollup(Resolution.MINUTE)).isEqualTo(bruteForce(raw, Resolution.MINUTE));
        assertThat(rollup(Resolution.HOUR)).isEqualTo(bruteForce(raw, Resolution.HOUR));
        assertThat(problems).isEmpty();
    }

    @Test
    void eachResolutionIsKeptForItsOwnRetention() throws SQLException {
        open(defaults().withRetention(Resolution.RAW, Duration.ofHours(2))
                .withRetention(Resolution.MINUTE, Duration.ofHours(6))
                .withRetention(Resolution.HOUR, Duration.ofHours(12)));
        assertThat(store.retention(Resolution.RAW)).contains(Duration.ofHours(2));
        assertThat(store.retention(Resolution.HOUR)).contains(Duration.ofHours(12));
        List<Sample> raw = scrape(Duration.ofHours(3), Duration.ofSeconds(30));
        clock.advance(Duration.ofMinutes(90)); // compaction runs every minute meanwhile

        assertThat(rawKept()).isEqualTo(newerThan(raw, Duration.ofHours(2)));
        assertThat(rollup(Resolution.MINUTE)).isEqualTo(bruteForce(raw, Resolution.MINUTE));
        assertThat(rollup(Resolution.HOUR)).isEqualTo(bruteForce(raw, Resolution.HOUR));

        clock.advance(Duration.ofHours(4)); // the minutes of the first hours have expired, the hours have not
        long minuteCutoff = clock.now().toEpochMilli() - Duration.ofHours(6).toMillis();
        assertThat(rollup(Resolution.MINUTE)).isNotEmpty().isEqualTo(bruteForce(raw, Resolution.MINUTE).stream()
                .filter(a -> a.startMs() >= minuteCutoff).toList());
        assertThat(rollup(Resolution.HOUR)).isEqualTo(bruteForce(raw, Resolution.HOUR));
        assertThat(rawKept()).isEmpty();
        assertThat(chunkCount(Resolution.RAW)).isZero();

        clock.advance(Duration.ofHours(8));
        assertThat(rollup(Resolution.MINUTE)).isEmpty();
        assertThat(rollup(Resolution.HOUR)).isEmpty();
        assertThat(chunkCount(Resolution.MINUTE)).isZero();
    }

    private List<Sample> rawKept() {
        var found = store.select(Selection.of(Long.MIN_VALUE, Long.MAX_VALUE, Matcher.metric(RSS.metricName())));
        return found.isEmpty() ? List.of() : found.getFirst().samples();
    }

    private List<Sample> newerThan(List<Sample> raw, Duration age) {
        long cutoff = clock.now().toEpochMilli() - age.toMillis();
        return raw.stream().filter(s -> s.timestampMs() >= cutoff).toList();
    }

    @Test
    void aSampleInAMinuteAlreadyRolledUpIsRefusedAsOutOfOrder() {
        open(defaults());
        store.append(T0, List.of(new Reading(RSS, 1)));
        clock.advance(Duration.ofMinutes(3));
        Labels quiet = Labels.metric("quiet");
        store.append(T0 + 1_000, List.of(new Reading(quiet, 1)));

        assertThat(store.append(T0 + 2_000, List.of(new Reading(RSS, 2))).outOfOrder()).isEqualTo(1);
    }

    @Test
    void theDiskBudgetIsNeverExceededAndTheOldestDataGoesFirst() {
        long budget = 1024 * 1024;
        open(defaults().withDiskBudget(budget));
        List<Labels> series = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            series.add(Labels.metric("load", "cpu", Integer.toString(i)));
        }
        long largest = 0;
        for (int step = 0; step < 8_000; step++) {
            long t = clock.now().toEpochMilli();
            List<Reading> batch = new ArrayList<>();
            for (Labels l : series) {
                batch.add(new Reading(l, random.nextDouble() * 100)); // incompressible values: ~8 bytes a sample
            }
            store.append(t, batch);
            largest = Math.max(largest, store.stats().bytesOnDisk());
            clock.advance(Duration.ofSeconds(15));
        }

        assertThat(largest).isLessThanOrEqualTo(budget);
        assertThat(problems).extracting(StorageProblem::kind).contains(StorageProblem.Kind.BUDGET_ENFORCED)
                .doesNotContain(StorageProblem.Kind.WRITE_FAILED, StorageProblem.Kind.DROPPED);
        long now = clock.now().toEpochMilli();
        var kept = store.select(Selection.of(Long.MIN_VALUE, Long.MAX_VALUE, Matcher.metric("load"),
                Matcher.eq("cpu", "7"))).getFirst().samples();
        assertThat(kept.getLast().timestampMs()).isEqualTo(now - 15_000);
        assertThat(kept.getFirst().timestampMs()).isGreaterThan(T0 + Duration.ofHours(1).toMillis());
    }

    private long chunkCount(Resolution r) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteMetricStore.DB_FILE));
             ResultSet rs = db.createStatement().executeQuery(
                     "SELECT count(*) FROM chunks WHERE resolution = " + r.ordinal())) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Exposes the contract's brute-force aggregation. */
    private abstract static class Brute extends MetricStoreContract {
        static List<Aggregate> force(List<Sample> raw, Resolution r) {
            return bruteForce(raw, r);
        }
    }
}
