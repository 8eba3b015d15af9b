package dev.vigil.store;

import dev.vigil.audit.AuditChain;
import dev.vigil.audit.AuditEntry;
import dev.vigil.audit.AuditLog;
import dev.vigil.audit.AuditLogContract;
import dev.vigil.audit.AuditRecord;
import dev.vigil.audit.AuditVerification.Broken;
import dev.vigil.audit.AuditVerification.Intact;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.vigil.audit.AuditRecords.aRecord;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteAuditLogTest extends AuditLogContract {

    @Override
    protected AuditLog openLog(Path dir) {
        return SqliteAuditLog.open(dbFile());
    }

    private Path dbFile() {
        return dir.resolve("vigil.db");
    }

    private SqliteAuditLog sqlite() {
        return (SqliteAuditLog) log();
    }

    @Test
    void anEditedReasonIsFoundAtItsEntry() throws SQLException {
        appendRecords(10);

        execute("UPDATE audit SET reason = 'nothing to see' WHERE seq = 7");

        assertThat(log().verify()).isEqualTo(new Broken(7, "hash does not match its contents", 6));
    }

    @Test
    void anEditedHashIsFoundAtItsEntry() throws SQLException {
        appendRecords(10);

        execute("UPDATE audit SET hash = '" + "ab".repeat(32) + "' WHERE seq = 7");

        assertThat(log().verify()).isEqualTo(new Broken(7, "hash does not match its contents", 6));
    }

    @Test
    void anEntryRewrittenWithAFreshHashBreaksTheNextLink() throws SQLException {
        List<AuditEntry> entries = appendRecords(10);
        AuditRecord r = entries.get(6).record();
        AuditEntry forged = AuditChain.entry(7, new AuditRecord(r.at(), r.actor(), r.action(), "db", r.reason(),
                r.result()), entries.get(5).hash());

        execute("UPDATE audit SET target = 'db', hash = '" + forged.hash() + "' WHERE seq = 7");

        assertThat(log().verify()).isEqualTo(new Broken(8, "previous_hash does not match entry 7", 7));
    }

    @Test
    void aDeletedMiddleRowIsFound() throws SQLException {
        appendRecords(10);

        execute("DELETE FROM audit WHERE seq = 5");

        assertThat(log().verify()).isEqualTo(new Broken(5, "seq 5 missing", 4));
    }

    @Test
    void anUnreadableTimeIsReportedNotThrown() throws SQLException {
        appendRecords(3);

        execute("UPDATE audit SET at = 'yesterday' WHERE seq = 2");

        assertThat(log().verify()).isInstanceOfSatisfying(Broken.class, broken -> {
            assertThat(broken.seq()).isEqualTo(2);
            assertThat(broken.reason()).contains("yesterday");
        });
    }

    @Test
    void appendsAreSyncedAndWaitForOtherWriters() throws SQLException {
        assertThat(sqlite().pragma("journal_mode")).isEqualTo("wal");
        assertThat(sqlite().pragma("synchronous")).isEqualTo("2");
        assertThat(sqlite().pragma("busy_timeout")).isEqualTo(String.valueOf(SqliteEventStore.BUSY_TIMEOUT_MILLIS));
    }

    @Test
    void twoProcessesAppendingToOneFileKeepOneChain() throws Exception {
        int each = 100;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (SqliteAuditLog other = SqliteAuditLog.open(dbFile())) {
            List<Future<?>> done = new ArrayList<>();
            for (AuditLog writer : List.of(log(), other)) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int n = 0; n < each; n++) {
                        writer.append(aRecord(n));
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(log().verify()).isEqualTo(new Intact(2 * each));
    }

    @Test
    void aStoppedDaemonsTrailVerifiesReadOnly() throws Exception {
        appendRecords(5);
        sqlite().close();
        byte[] before = Files.readAllBytes(dbFile());
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).as("before").containsExactly("vigil.db");
        }

        try (SqliteAuditLog readOnly = SqliteAuditLog.openReadOnly(dbFile())) {
            assertThat(readOnly.verify()).isEqualTo(new Intact(5));
            assertThat(readOnly.list(4, 10)).extracting(AuditEntry::seq).containsExactly(5L);
            assertThatThrownBy(() -> readOnly.append(aRecord(6))).isInstanceOf(StoreException.class)
                    .hasMessageContaining("read-only");
        }
        assertThat(dbFile()).hasBinaryContent(before);
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactly("vigil.db");
        }
    }

    @Test
    void readOnlyWorksBesideARunningDaemon() {
        appendRecords(3);

        try (SqliteAuditLog readOnly = SqliteAuditLog.openReadOnly(dbFile())) {
            assertThat(readOnly.verify()).isEqualTo(new Intact(3));
            log().append(aRecord(4));
            assertThat(readOnly.verify()).isEqualTo(new Intact(4));
        }
        assertThat(log().append(aRecord(5)).seq()).isEqualTo(5);
    }

    @Test
    void readOnlyFindsTamperingToo() throws Exception {
        appendRecords(10);
        sqlite().close();
        execute("UPDATE audit SET actor = 'someone else' WHERE seq = 7");

        try (SqliteAuditLog readOnly = SqliteAuditLog.openReadOnly(dbFile())) {
            assertThat(readOnly.verify()).isEqualTo(new Broken(7, "hash does not match its contents", 6));
        }
    }

    @Test
    void openingReadOnlyWhereThereIsNoDatabaseCreatesNothing() {
        Path missing = dir.resolve("nowhere/.vigil/vigil.db");

        assertThatThrownBy(() -> SqliteAuditLog.openReadOnly(missing)).isInstanceOf(StoreException.class)
                .hasMessageContaining("no database at");
        assertThat(dir.resolve("nowhere")).doesNotExist();
        assertThatThrownBy(() -> SqliteAuditLog.openReadOnly(dbFile())).isInstanceOf(StoreException.class);
        assertThat(dbFile()).doesNotExist();
    }

    @Test
    void aDatabaseFromBeforeTheAuditTrailReadsAsEmpty() throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dbFile())) {
            Migrations.fromClasspath(Migrations.DIRECTORY, List.of("v001__create_events.sql")).apply(db, Instant.EPOCH);
        }

        try (SqliteAuditLog readOnly = SqliteAuditLog.openReadOnly(dbFile())) {
            assertThat(readOnly.verify()).isEqualTo(new Intact(0));
            assertThat(readOnly.list(0, 10)).isEmpty();
        }
    }

    @Test
    void readOnlyRefusesAFileThatIsNotAVigilDatabase() throws Exception {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dbFile()); Statement s = db.createStatement()) {
            s.executeUpdate("CREATE TABLE other (x INTEGER)");
        }

        assertThatThrownBy(() -> SqliteAuditLog.openReadOnly(dbFile())).isInstanceOf(StoreException.class)
                .hasMessageContaining("not a Vigil database");
    }

    @Test
    void aClosedLogRefusesWork() {
        sqlite().close();
        sqlite().close();

        assertThatThrownBy(() -> log().append(aRecord(1))).isInstanceOf(StoreException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> log().verify()).isInstanceOf(StoreException.class);
    }

    private void execute(String sql) throws SQLException {
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dbFile()); Statement s = db.createStatement()) {
            s.executeUpdate(sql);
        }
    }
}
