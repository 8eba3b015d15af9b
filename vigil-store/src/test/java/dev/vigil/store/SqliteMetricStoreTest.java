package dev.vigil.store;

import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Matcher;
import dev.vigil.metrics.MetricStore;
import dev.vigil.metrics.MetricStoreContract;
import dev.vigil.metrics.QueryLimits;
import dev.vigil.metrics.Sample;
import dev.vigil.metrics.Series;
import dev.vigil.metrics.StorageProblem;
import dev.vigil.time.ManualScheduler;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteMetricStoreTest extends MetricStoreContract {

    protected final ManualScheduler clock = new ManualScheduler(Instant.ofEpochMilli(T0));
    protected final List<StorageProblem> problems = new CopyOnWriteArrayList<>();

    @Override
    protected MetricStore openStore(Path dir, QueryLimits limits) {
        return SqliteMetricStore.open(dir, clock, options().withLimits(limits));
    }

    protected SqliteMetricStore.Options options() {
        return SqliteMetricStore.Options.defaults().withCompactor(Runnable::run).withProblems(problems::add);
    }

    private SqliteMetricStore sqlite() {
        return (SqliteMetricStore) store();
    }

    @Test
    void createsItsFilesInTheStateDirectory() {
        store().append(T0, List.of(reading(UP_API, 1)));

        assertThat(dir.resolve(SqliteMetricStore.DB_FILE)).isRegularFile();
        assertThat(dir.resolve(SqliteMetricStore.WAL_FILE)).isRegularFile();
        assertThat(sqlite().openNotes()).isEmpty();
    }

    @Test
    void aFlippedByteInAChunkOnDiskIsDetectedThatChunkSkippedAndTheRestReadable() throws Exception {
        appendEvery15s(UP_API, 600, i -> i); // five chunks of 120
        store().close();
        long damaged = flipAByteInTheThirdChunk();

        reopen();
        List<Sample> back = samplesOf(UP_API);

        assertThat(back).hasSize(480);
        assertThat(back).extracting(Sample::timestampMs).doesNotContain(T0 + 240 * 15_000L, T0 + 359 * 15_000L)
                .contains(T0 + 239 * 15_000L, T0 + 360 * 15_000L);
        assertThat(store().stats().corruptChunks()).isEqualTo(1);
        assertThat(problems).filteredOn(p -> p.kind() == StorageProblem.Kind.CORRUPT_CHUNK).singleElement()
                .extracting(StorageProblem::message).asString().contains("chunk " + damaged).contains("checksum");
        assertThat(sqlite().verify()).singleElement().asString().contains("chunk " + damaged);
    }

    private long flipAByteInTheThirdChunk() throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve(SqliteMetricStore.DB_FILE))) {
            long id;
            byte[] data;
            try (ResultSet rs = db.createStatement().executeQuery(
                    "SELECT id, data FROM chunks WHERE resolution = 0 ORDER BY start_ms LIMIT 1 OFFSET 2")) {
                assertThat(rs.next()).isTrue();
                id = rs.getLong(1);
                data = rs.getBytes(2);
            }
            data[data.length / 2] ^= 0x10;
            try (PreparedStatement update = db.prepareStatement("UPDATE chunks SET data = ? WHERE id = ?")) {
                update.setBytes(1, data);
                update.setLong(2, id);
                update.executeUpdate();
            }
            return id;
        }
    }

    @Test
    void aTornWalTailIsSkippedAndReportedAndWhatCameBeforeIsKept() throws Exception {
        appendEvery15s(UP_API, 50, i -> i);
        store().close();
        // A record whose length says more than the file holds, as a write cut short by a kill leaves it.
        Files.write(dir.resolve(SqliteMetricStore.WAL_FILE), new byte[] {0, 0, 1, 0, 1, 2, 3, 4, 2, 9, 9},
                StandardOpenOption.APPEND);

        reopen();

        assertThat(samplesOf(UP_API)).hasSize(50);
        assertThat(sqlite().openNotes()).singleElement().asString().contains("torn");
        store().append(T0 + 50 * 15_000L, List.of(reading(UP_API, 50)));
        reopen();
        assertThat(samplesOf(UP_API)).hasSize(51);
        assertThat(sqlite().openNotes()).isEmpty();
    }

    @Test
    void aDamagedRecordInTheMiddleOfTheWalIsSkippedAndTheRecordsAfterItAreRead() throws Exception {
        store().append(T0, List.of(reading(UP_API, 1), reading(UP_DB, 1)));
        // Copied as a killed process leaves the files: the WAL holds the series, then one record per batch.
        Path copy = Files.createDirectories(dir.resolve("copy"));
        Files.copy(dir.resolve(SqliteMetricStore.DB_FILE), copy.resolve(SqliteMetricStore.DB_FILE));
        long before = Files.size(dir.resolve(SqliteMetricStore.WAL_FILE));
        store().append(T0 + 15_000, List.of(reading(UP_API, 2)));
        long after = Files.size(dir.resolve(SqliteMetricStore.WAL_FILE));
        store().append(T0 + 30_000, List.of(reading(UP_API, 3)));
        byte[] wal = Files.readAllBytes(dir.resolve(SqliteMetricStore.WAL_FILE));
        wal[(int) after - 1] ^= 0x01; // the last byte of the second batch's value
        Files.write(copy.resolve(SqliteMetricStore.WAL_FILE), wal);
        assertThat(after).isGreaterThan(before);

        try (SqliteMetricStore reopened = SqliteMetricStore.open(copy, clock, options())) {
            List<Sample> api = reopened.select(all(Matcher.metric("up"), Matcher.eq("job", "api"))).getFirst()
                    .samples();
            assertThat(api).containsExactly(new Sample(T0, 1), new Sample(T0 + 30_000, 3));
            assertThat(reopened.openNotes()).singleElement().asString().contains("skipped 1 damaged record");
        }
    }

    @Test
    void aDatabaseSqliteCannotReadIsMovedAsideAndANewOneStarted() throws Exception {
        appendEvery15s(UP_API, 10, i -> i);
        store().close();
        Files.delete(dir.resolve(SqliteMetricStore.WAL_FILE));
        Files.write(dir.resolve(SqliteMetricStore.DB_FILE), "not a database, just text ".repeat(400).getBytes());

        reopen();

        assertThat(sqlite().openNotes()).singleElement().asString().contains("moved it to metrics.db.corrupt-");
        assertThat(samplesOf(UP_API)).isEmpty();
        store().append(T0, List.of(reading(UP_API, 1)));
        assertThat(samplesOf(UP_API)).containsExactly(new Sample(T0, 1));
    }

    @Test
    void headSamplesSurviveAProcessThatNeverClosedTheStore() throws Exception {
        appendEvery15s(UP_API, 130, i -> i); // one chunk cut (not yet written) and ten in the head
        // No close: copy the files as a kill -9 would leave them (the WAL has every batch).
        Path copy = Files.createDirectories(dir.resolve("copy"));
        for (String name : List.of(SqliteMetricStore.DB_FILE, SqliteMetricStore.WAL_FILE)) {
            Files.copy(dir.resolve(name), copy.resolve(name));
        }

        try (SqliteMetricStore after = SqliteMetricStore.open(copy, clock, options())) {
            List<Series> back = after.select(all(Matcher.metric("up")));
            assertThat(back.getFirst().samples()).hasSize(130);
            assertThat(after.openNotes()).isEmpty();
        }
    }

    @Test
    void aKillDuringAppendsLosesAtMostOneInterval() throws Exception {
        Path stateDir = dir.resolve("killed");
        long start = System.currentTimeMillis() / 1000 * 1000;
        Process appender = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), MetricAppender.class.getName(), stateDir.toString(),
                Long.toString(start))
                .redirectError(dir.resolve("appender.err").toFile())
                .start();
        long acknowledged = -1;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(appender.getInputStream(),
                StandardCharsets.UTF_8))) {
            // Past 2,000 intervals: chunks of 120 have been cut, written and the WAL rewritten many times.
            for (String line = out.readLine(); line != null && acknowledged < 2_000 + (System.nanoTime() % 500);
                 line = out.readLine()) {
                acknowledged = Long.parseLong(line.strip());
            }
            appender.toHandle().destroyForcibly(); // SIGKILL; unlike Process.destroy it leaves stdout readable
            assertThat(appender.waitFor(30, TimeUnit.SECONDS)).isTrue();
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (!line.isBlank()) {
                    acknowledged = Long.parseLong(line.strip()); // printed before the kill, read after it
                }
            }
        }

        String err = Files.readString(dir.resolve("appender.err"));
        assertThat(acknowledged).as("intervals the appender reported; its stderr: %s", err).isGreaterThan(2_000);

        try (SqliteMetricStore after = SqliteMetricStore.open(stateDir, clock, options())) {
            assertThat(after.verify()).isEmpty();
            List<Series> all = after.select(all(Matcher.metric("appender_value")));
            assertThat(all).hasSize(MetricAppender.SERIES);
            for (Series series : all) {
                int s = Integer.parseInt(series.labels().value("series"));
                List<Sample> samples = series.samples();
                assertThat(samples.size() - 1L).as("intervals kept of %s", series.labels())
                        .isBetween(acknowledged, acknowledged + 1);
                for (int i = 0; i < samples.size(); i++) {
                    assertThat(samples.get(i)).isEqualTo(new Sample(start + i * 1000L,
                            MetricAppender.value(s, i)));
                }
            }
        }
    }

    @Test
    void whileWritesFailSamplesStayInMemoryAndAreWrittenWhenTheyWorkAgain() {
        sqlite().failWritesForTest(true);
        appendEvery15s(UP_API, 300, i -> i);
        clock.advance(java.time.Duration.ofMinutes(2));

        assertThat(samplesOf(UP_API)).hasSize(300);
        assertThat(store().stats().pendingBytes()).isPositive();
        assertThat(problems).filteredOn(p -> p.kind() == StorageProblem.Kind.WRITE_FAILED).hasSize(1)
                .first().extracting(StorageProblem::message).asString().contains("in memory");

        sqlite().failWritesForTest(false);
        clock.advance(java.time.Duration.ofMinutes(1));

        assertThat(store().stats().pendingBytes()).isZero();
        assertThat(problems).extracting(StorageProblem::kind).contains(StorageProblem.Kind.WRITE_RECOVERED);
        reopen();
        assertThat(samplesOf(UP_API)).hasSize(300);
    }

    @Test
    void whileWritesFailTheMemoryBudgetHoldsOldestDroppedFirst() {
        store().close();
        MetricStore small = SqliteMetricStore.open(dir, clock, options().withMemoryBudget(2_000));
        ((SqliteMetricStore) small).failWritesForTest(true);
        for (int i = 0; i < 2_400; i++) {
            small.append(T0 + i * 15_000L, List.of(reading(UP_API, i % 13 * 1.5)));
        }
        clock.advance(java.time.Duration.ofMinutes(1));

        assertThat(small.stats().pendingBytes()).isLessThanOrEqualTo(2_000);
        assertThat(problems).extracting(StorageProblem::kind).contains(StorageProblem.Kind.DROPPED);
        List<Sample> kept = small.select(all(Matcher.metric("up"))).getFirst().samples();
        assertThat(kept.getLast().timestampMs()).isEqualTo(T0 + 2_399 * 15_000L);
        assertThat(kept.getFirst().timestampMs()).isGreaterThan(T0);
        small.close();
    }

    static Labels labelsOf(int i) {
        return Labels.metric("m", "i", Integer.toString(i));
    }
}
