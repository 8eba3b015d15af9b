package dev.vigil.store;

import dev.vigil.audit.AuditVerification.Intact;
import dev.vigil.auth.Role;
import dev.vigil.event.EventQuery;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.vigil.audit.AuditRecords.aRecord;
import static dev.vigil.event.Events.started;
import static org.assertj.core.api.Assertions.assertThat;

/** The event store, the token store and the audit trail share vigil.db, whichever opens it first. */
class SharedDatabaseTest {

    @TempDir
    Path dir;

    private Path dbFile() {
        return dir.resolve(".vigil/vigil.db");
    }

    @Test
    void anyOpeningOrderGivesOneSchemaMigratedOnce() throws Exception {
        try (SqliteAuditLog audit = SqliteAuditLog.open(dbFile());
             SqliteTokenStore tokens = SqliteTokenStore.open(dbFile());
             SqliteEventStore events = SqliteEventStore.open(dbFile())) {
            audit.append(aRecord(1));
            tokens.create("ci", Role.OPERATOR);
            events.append(List.of(started("api")));
        }
        try (SqliteEventStore events = SqliteEventStore.open(dbFile());
             SqliteTokenStore tokens = SqliteTokenStore.open(dbFile());
             SqliteAuditLog audit = SqliteAuditLog.open(dbFile())) {
            assertThat(events.query(EventQuery.all())).hasSize(1);
            assertThat(tokens.list()).hasSize(1);
            assertThat(audit.verify()).isEqualTo(new Intact(1));
        }

        assertThat(versions()).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, Migrations.SCRIPTS.size()).boxed().toList());
    }

    @Test
    void storesOpeningAFreshFileAtOnceAllSucceed() throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<AutoCloseable>> openers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            openers.add(() -> SqliteEventStore.open(dbFile()));
            openers.add(() -> SqliteTokenStore.open(dbFile()));
            openers.add(() -> SqliteAuditLog.open(dbFile()));
            openers.add(() -> SqliteVersionStore.open(dbFile()));
            openers.add(() -> SqliteGateStore.open(dbFile()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(openers.size());
        List<AutoCloseable> opened = new ArrayList<>();
        try {
            List<Future<AutoCloseable>> futures = new ArrayList<>();
            for (Callable<AutoCloseable> opener : openers) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return opener.call();
                }));
            }
            go.countDown();
            for (Future<AutoCloseable> f : futures) {
                opened.add(f.get(30, TimeUnit.SECONDS));
            }
        } finally {
            for (AutoCloseable store : opened) {
                store.close();
            }
            pool.shutdownNow();
        }

        assertThat(opened).hasSize(openers.size());
        assertThat(versions()).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, Migrations.SCRIPTS.size()).boxed().toList());
    }

    private List<Integer> versions() throws SQLException {
        List<Integer> versions = new ArrayList<>();
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + dbFile());
             Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT version FROM schema_version ORDER BY version")) {
            while (rs.next()) {
                versions.add(rs.getInt(1));
            }
        }
        return versions;
    }
}
