package dev.vigil.store;

import dev.vigil.event.Event;
import dev.vigil.event.EventQuery;
import dev.vigil.event.EventStore;
import dev.vigil.event.EventStoreContract;
import dev.vigil.event.Events;
import dev.vigil.event.StoredEvent;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static dev.vigil.event.Events.exited;
import static dev.vigil.event.Events.started;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteEventStoreTest extends EventStoreContract {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-02-03T04:05:06Z"), ZoneOffset.UTC);

    @Override
    protected EventStore openStore(Path dir) {
        return SqliteEventStore.open(dir.resolve("vigil.db"), CLOCK);
    }

    private SqliteEventStore sqlite() {
        return (SqliteEventStore) store();
    }

    private Path dbFile() {
        return dir.resolve("vigil.db");
    }

    @Test
    void createsTheDatabaseAndMissingDirectories() {
        Path file = dir.resolve("state/.vigil/vigil.db");

        try (SqliteEventStore created = SqliteEventStore.open(file)) {
            created.append(List.of(started("api")));
            assertThat(created.openNotes()).isEmpty();
        }

        assertThat(file).isRegularFile();
    }

    @Test
    void usesWalNormalSyncAndABusyTimeout() {
        assertThat(sqlite().pragma("journal_mode")).isEqualTo("wal");
        assertThat(sqlite().pragma("synchronous")).isEqualTo("1");
        assertThat(sqlite().pragma("busy_timeout")).isEqualTo(String.valueOf(SqliteEventStore.BUSY_TIMEOUT_MILLIS));
    }

    @Test
    void reopeningAppliesNoMigrationTwice() throws SQLException {
        store().append(List.of(started("api")));
        store().close();
        SqliteEventStore.open(dbFile(), CLOCK).close();

        assertThat(versions()).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, Migrations.SCRIPTS.size()).boxed().toList());
        try (SqliteEventStore again = SqliteEventStore.open(dbFile(), CLOCK)) {
            assertThat(again.query(EventQuery.all())).hasSize(1);
        }
    }

    @Test
    void refusesADatabaseNewerThanItKnows() throws Exception {
        store().close();
        int future = Migrations.bundled().latest() + 1;
        execute("INSERT INTO schema_version (version, name, applied_at) VALUES (" + future + ", 'from_the_future', 'later')");

        assertThatThrownBy(() -> SqliteEventStore.open(dbFile(), CLOCK))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("database schema v" + future + " is newer than this Vigil (v" + (future - 1) + ")");
        assertThat(dbFile()).isRegularFile();
        assertThat(corruptFiles()).isEmpty();
    }

    @Test
    void movesAFileThatIsNotADatabaseAsideAndStartsAfresh() throws Exception {
        byte[] garbage = "this is not a database\n".repeat(300).getBytes(StandardCharsets.UTF_8);
        Files.write(dbFile(), garbage);

        List<StoredEvent> appended = sqlite().append(List.of(started("api")));

        Path aside = dir.resolve("vigil.db.corrupt-20260203T040506Z");
        assertThat(sqlite().openNotes()).singleElement().asString()
                .contains("vigil.db", "could not be read", aside.getFileName().toString());
        assertThat(aside).hasBinaryContent(garbage);
        assertThat(sqlite().query(EventQuery.all())).containsExactlyElementsOf(appended);
    }

    @Test
    void movesATornDatabaseAside() throws Exception {
        store().append(IntStream.range(0, 2_000).<Event>mapToObj(i -> exited("api")).toList());
        store().close();
        byte[] whole = Files.readAllBytes(dbFile());
        Files.write(dbFile(), Arrays.copyOf(whole, whole.length / 2));

        try (SqliteEventStore reopened = SqliteEventStore.open(dbFile(), CLOCK)) {
            assertThat(reopened.openNotes()).hasSize(1);
            assertThat(reopened.query(EventQuery.all())).isEmpty();
        }
        assertThat(corruptFiles()).hasSize(1);
    }

    @Test
    void aSecondCorruptFileGetsItsOwnName() throws Exception {
        Files.writeString(dbFile(), "garbage ".repeat(100));
        SqliteEventStore.open(dbFile(), CLOCK).close();
        Files.writeString(dbFile(), "more garbage ".repeat(100));

        try (SqliteEventStore reopened = SqliteEventStore.open(dbFile(), CLOCK)) {
            assertThat(reopened.openNotes()).singleElement().asString().contains("corrupt-20260203T040506Z-2");
        }
        assertThat(corruptFiles()).hasSize(2);
    }

    @Test
    void aPathSqliteCannotOpenIsReportedNotMovedAside() throws Exception {
        Path notAFile = dir.resolve("vigil.db");
        Files.createDirectories(notAFile);

        assertThatThrownBy(() -> SqliteEventStore.open(notAFile, CLOCK))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("could not open");
        assertThat(notAFile).isDirectory();
        assertThat(corruptFiles()).isEmpty();
    }

    @Test
    void rowsThisVersionCannotReadAreSkippedNotFatal() throws SQLException {
        List<StoredEvent> known = new ArrayList<>(store().append(List.of(started("api"), exited("api"))));
        insertRaw("FutureEvent", "{\"at\":\"2026-01-15T10:00:00Z\",\"service\":\"api\"}");
        insertRaw("InstanceExited", "{\"at\":\"not a time\"}");
        insertRaw("StartFailed", "{\"at\":\"2026-01-15T10:00:00Z\",\"service\":\"api\"}");
        known.addAll(store().append(List.of(started("db"))));

        assertThat(store().query(EventQuery.all())).containsExactlyElementsOf(known);
        assertThat(store().query(EventQuery.all().limit(2))).containsExactlyElementsOf(known.subList(1, 3));
        assertThat(sqlite().unreadableSkipped()).isEqualTo(6);
    }

    @Test
    void aClosedStoreRefusesWorkAndClosesOnce() {
        store().close();
        store().close();

        assertThatThrownBy(() -> store().append(List.of(started("api"))))
                .isInstanceOf(StoreException.class).hasMessageContaining("closed");
        assertThatThrownBy(() -> store().query(EventQuery.all()))
                .isInstanceOf(StoreException.class).hasMessageContaining("closed");
    }

    @Test
    void queriesFromOtherThreadsWhileAppendingSeeWholeBatchesInOrder() throws Exception {
        int batches = 200;
        int batchSize = 5;
        AtomicBoolean writing = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            Future<?> writer = pool.submit(() -> {
                try {
                    for (int b = 0; b < batches; b++) {
                        store().append(Stream.<Event>generate(() -> exited("api")).limit(batchSize).toList());
                    }
                } finally {
                    writing.set(false);
                }
            });
            List<Future<Integer>> readers = new ArrayList<>();
            for (int r = 0; r < 3; r++) {
                readers.add(pool.submit(() -> {
                    int queries = 0;
                    do {
                        List<StoredEvent> seen = store().query(EventQuery.all().limit(10_000));
                        assertThat(seen).extracting(StoredEvent::id).isSorted().doesNotHaveDuplicates();
                        assertThat(seen.size() % batchSize).as("a batch seen half-written").isZero();
                        queries++;
                    } while (writing.get());
                    return queries;
                }));
            }

            writer.get(20, TimeUnit.SECONDS);
            for (Future<Integer> reader : readers) {
                assertThat(reader.get(20, TimeUnit.SECONDS)).isPositive();
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(store().query(EventQuery.all().limit(10_000))).hasSize(batches * batchSize);
    }

    @Test
    void everyRecordIsStoredWithItsColumns() throws SQLException {
        List<Event> samples = Events.samples("api");
        store().append(samples);

        try (Connection db = connect(); Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT at_ms, service, type, message FROM events ORDER BY id")) {
            for (Event sample : samples) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getLong(1)).isEqualTo(sample.at().toEpochMilli());
                assertThat(rs.getString(2)).isEqualTo(sample.serviceName().orElse(null));
                assertThat(rs.getString(3)).isEqualTo(sample.type());
                assertThat(rs.getString(4)).isEqualTo(sample.message());
            }
        }
    }

    private List<Integer> versions() throws SQLException {
        List<Integer> versions = new ArrayList<>();
        try (Connection db = connect(); Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
        }
        return versions;
    }

    private void insertRaw(String type, String payload) throws SQLException {
        try (Connection db = connect(); PreparedStatement insert = db.prepareStatement(
                "INSERT INTO events (at_ms, service, type, message, payload) VALUES (0, 'api', ?, 'written later', ?)")) {
            insert.setString(1, type);
            insert.setString(2, payload);
            insert.executeUpdate();
        }
    }

    private void execute(String sql) throws SQLException {
        try (Connection db = connect(); Statement s = db.createStatement()) {
            s.executeUpdate(sql);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dbFile());
    }

    private List<Path> corruptFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("vigil\\.db\\.corrupt-[0-9TZ-]+")).toList();
        }
    }
}
