package dev.vigil.store;

import dev.vigil.change.ConfigVersion;
import dev.vigil.change.VersionResult;
import dev.vigil.change.VersionStore;
import dev.vigil.change.VersionStoreContract;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static dev.vigil.change.NewVersions.aVersion;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteVersionStoreTest extends VersionStoreContract {

    @Override
    protected VersionStore openStore(Path dir) {
        return SqliteVersionStore.open(dbFile());
    }

    private Path dbFile() {
        return dir.resolve("vigil.db");
    }

    @Test
    void twoProcessesOnOneDatabaseShareTheNumbering() {
        try (SqliteVersionStore other = SqliteVersionStore.open(dbFile())) {
            assertThat(store().append(aVersion(1)).number()).isEqualTo(1);
            assertThat(other.append(aVersion(2)).number()).isEqualTo(2);
            assertThat(store().append(aVersion(3)).number()).isEqualTo(3);
            other.markResult(3, VersionResult.FAILED, "refused");

            assertThat(store().get(2).orElseThrow().text()).isEqualTo(aVersion(2).text());
            assertThat(store().latest().orElseThrow().result()).isEqualTo(VersionResult.FAILED);
            assertThat(other.list()).extracting(ConfigVersion::number).containsExactly(3L, 2L, 1L);
        }
    }

    @Test
    void twoProcessesAppendingAtOnceGetDistinctConsecutiveNumbers() throws Exception {
        int each = 20;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (SqliteVersionStore a = SqliteVersionStore.open(dbFile());
             SqliteVersionStore b = SqliteVersionStore.open(dbFile())) {
            List<Future<List<Long>>> futures = new ArrayList<>();
            for (SqliteVersionStore s : List.of(a, b)) {
                futures.add(pool.submit(() -> {
                    go.await();
                    List<Long> numbers = new ArrayList<>();
                    for (int i = 0; i < each; i++) {
                        numbers.add(s.append(aVersion(i)).number());
                    }
                    return numbers;
                }));
            }
            go.countDown();
            List<Long> numbers = new ArrayList<>();
            for (Future<List<Long>> f : futures) {
                numbers.addAll(f.get(60, TimeUnit.SECONDS));
            }

            assertThat(numbers).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, 2L * each).boxed().toList());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aTransactionCutOffBeforeItsCommitLeavesNoVersion() throws Exception {
        store().append(aVersion(1));
        try (Connection crashed = connect()) {
            crashed.setAutoCommit(false);
            try (Statement s = crashed.createStatement()) {
                s.executeUpdate("INSERT INTO versions (number, applied_at, actor, reason, file, text, env_files, hash,"
                        + " result) VALUES (2, '2026-01-01T00:00:00Z', 'x', '', 'f', 'half', '[]', 'h', 'applied')");
            }
            // Closed without a commit, as when the process dies: SQLite rolls the transaction back.
        }

        assertThat(store().get(2)).isEmpty();
        assertThat(store().append(aVersion(2)).number()).isEqualTo(2);
        assertThat(store().get(2).orElseThrow().text()).isEqualTo(aVersion(2).text());
    }

    @Test
    void aProcessKilledWhileAppendingLeavesOnlyWholeVersions() throws Exception {
        store().append(aVersion(1));
        Process appender = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), VersionAppender.class.getName(), dbFile().toString())
                .redirectError(dir.resolve("appender.err").toFile())
                .start();
        long printed = 0;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(appender.getInputStream(),
                StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null && printed < 8; line = out.readLine()) {
                printed = Long.parseLong(line.strip());
            }
        } finally {
            appender.destroyForcibly(); // SIGKILL: no shutdown hook, no rollback, no close
            assertThat(appender.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(printed).as("versions the appender reported").isEqualTo(8);

        VersionStore after = reopen();

        List<ConfigVersion> versions = after.list();
        assertThat(versions.size()).isGreaterThanOrEqualTo(8);
        assertThat(versions).extracting(ConfigVersion::number)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, versions.size()).boxed()
                        .sorted((x, y) -> Long.compare(y, x)).toList());
        for (ConfigVersion v : versions.subList(0, versions.size() - 1)) {
            assertThat(v.text()).isEqualTo(VersionAppender.text(v.number()));
            assertThat(v.hash()).isEqualTo(ConfigVersion.hashOf(v.text()));
            assertThat(v.envFiles()).isEqualTo(Map.of("/srv/api.env", "N=" + v.number() + "\nTOKEN=***\n"));
        }
        assertThat(after.append(aVersion(99)).number()).isEqualTo(versions.size() + 1);
    }

    @Test
    void rowsKeepResultsAsWordsAndEnvFilesAsAnOrderedList() throws SQLException {
        store().append(aVersion(1));
        store().markResult(1, VersionResult.ROLLED_BACK, "unhealthy");

        try (Connection db = connect(); Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT result, detail, env_files FROM versions")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("rolled_back");
            assertThat(rs.getString(2)).isEqualTo("unhealthy");
            assertThat(rs.getString(3)).startsWith("[{").contains("\"path\":\"/srv/shop/api.env\"");
        }
    }

    @Test
    void anUnreadableRowIsReportedWithItsNumber() throws SQLException {
        store().append(aVersion(1));
        try (Connection db = connect(); Statement s = db.createStatement()) {
            s.executeUpdate("UPDATE versions SET applied_at = 'yesterday'");
        }

        assertThatThrownBy(() -> store().get(1)).isInstanceOf(StoreException.class).hasMessageContaining("version 1");
    }

    @Test
    void aClosedStoreRefusesWork() {
        SqliteVersionStore sqlite = (SqliteVersionStore) store();
        sqlite.close();
        sqlite.close();

        assertThatThrownBy(() -> sqlite.append(aVersion(1))).isInstanceOf(StoreException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(sqlite::list).isInstanceOf(StoreException.class);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dbFile());
    }
}
