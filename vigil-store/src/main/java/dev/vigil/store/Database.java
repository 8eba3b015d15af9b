package dev.vigil.store;

import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteOpenMode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;

/**
 * Connections to {@code vigil.db} for the stores beside the event store (tokens, audit). Each store has its own
 * connections; whichever opens first brings the schema up to date, in a transaction that holds the write lock,
 * so the others find it done and no migration runs twice.
 */
final class Database {

    private Database() {
    }

    /**
     * A connection for writing, with the schema up to date; creates the file and its directories when missing.
     * Commits are synced to disk before they return (synchronous FULL): what these stores write is rare and
     * must not be lost to a power cut (a revoked token coming back, an audit entry missing).
     */
    static Connection openWriter(Path file, Clock clock) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new StoreException("could not create " + file.getParent() + ": " + e.getMessage(), e);
        }
        // Stores opening a fresh file at once: switching it to WAL upgrades a shared lock, which SQLite refuses at
        // once (no busy wait, to avoid a deadlock) while another connection migrates. That one finishes soon.
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(
                SqliteEventStore.BUSY_TIMEOUT_MILLIS);
        while (true) {
            Connection db = null;
            try {
                db = writerConfig().createConnection(url(file));
                Migrations.bundled().apply(db, clock.instant());
                return db;
            } catch (SQLException | RuntimeException e) {
                closeQuietly(db, e);
                if (e instanceof StoreException s) {
                    throw s;
                }
                if (isBusy(e) && System.nanoTime() < deadline) {
                    pause();
                    continue;
                }
                throw new StoreException("could not open " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static boolean isBusy(Exception e) {
        return e instanceof org.sqlite.SQLiteException s
                && (s.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_BUSY
                || s.getResultCode() == org.sqlite.SQLiteErrorCode.SQLITE_LOCKED);
    }

    private static void pause() {
        try {
            Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(5, 25));
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new StoreException("interrupted while the database was busy", interrupted);
        }
    }

    /** A read-only connection to a database that exists, beside a writer this process holds. */
    static Connection openReader(Path file) {
        return connectExisting(file, readerConfig());
    }

    /**
     * A connection that only reads, to a database that may have no other connection (a stopped daemon's): never
     * creates the file, never migrates, refuses every write (query_only). It is opened read-write all the same,
     * so that as the last connection it can fold the WAL back and remove the -wal and -shm files a read-only
     * connection would leave behind. On a file the user may not write, SQLite opens it read-only instead.
     */
    static Connection openInspector(Path file) {
        Connection db = connectExisting(file, inspectorConfig());
        try (Statement s = db.createStatement()) {
            s.execute("PRAGMA query_only = true");
            return db;
        } catch (SQLException e) {
            closeQuietly(db, e);
            throw new StoreException("could not open " + file + " to read: " + e.getMessage(), e);
        }
    }

    private static Connection connectExisting(Path file, SQLiteConfig config) {
        if (!Files.isRegularFile(file)) {
            throw new StoreException("no database at " + file);
        }
        try {
            return config.createConnection(url(file));
        } catch (SQLException e) {
            throw new StoreException("could not open " + file + " to read: " + e.getMessage(), e);
        }
    }

    /**
     * Checks that a database opened read-only is one this version can read: a Vigil database, not newer than the
     * scripts. Returns its schema version.
     */
    static int readableVersion(Connection db, Path file) throws SQLException {
        if (!hasTable(db, "schema_version")) {
            throw new StoreException(file + " is not a Vigil database");
        }
        int version = Migrations.current(db);
        int latest = Migrations.bundled().latest();
        if (version > latest) {
            throw new StoreException("database schema v" + version + " is newer than this Vigil (v" + latest
                    + "); use a newer Vigil");
        }
        return version;
    }

    static boolean hasTable(Connection db, String name) throws SQLException {
        try (var select = db.prepareStatement("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?")) {
            select.setString(1, name);
            try (var rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static SQLiteConfig writerConfig() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setSynchronous(SQLiteConfig.SynchronousMode.FULL);
        config.setBusyTimeout(SqliteEventStore.BUSY_TIMEOUT_MILLIS);
        // The write lock is taken when a transaction begins: reading the last audit hash and appending after it
        // happen under one lock, even against another process appending to the same file.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return config;
    }

    private static SQLiteConfig readerConfig() {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(SqliteEventStore.BUSY_TIMEOUT_MILLIS);
        return config;
    }

    private static SQLiteConfig inspectorConfig() {
        SQLiteConfig config = new SQLiteConfig();
        config.resetOpenMode(SQLiteOpenMode.CREATE);
        config.setBusyTimeout(SqliteEventStore.BUSY_TIMEOUT_MILLIS);
        return config;
    }

    private static String url(Path file) {
        return "jdbc:sqlite:" + file;
    }

    /** Work done inside one transaction. */
    interface Work<T> {
        T run() throws SQLException;
    }

    /** Runs {@code work} in a transaction on {@code db}: committed when it returns, rolled back when it throws. */
    static <T> T inTransaction(Connection db, Work<T> work) throws SQLException {
        db.setAutoCommit(false);
        T result;
        try {
            result = work.run();
            db.commit();
        } catch (SQLException | RuntimeException e) {
            try {
                db.rollback();
            } catch (SQLException rollback) {
                e.addSuppressed(rollback);
            }
            // After an error SQLite may have ended the transaction itself (SQLITE_FULL does): leaving it must not
            // hide why.
            try {
                db.setAutoCommit(true);
            } catch (SQLException leave) {
                e.addSuppressed(leave);
            }
            throw e;
        }
        db.setAutoCommit(true);
        return result;
    }

    /** Test hook and diagnostics: a PRAGMA's value on a connection. */
    static String pragma(Connection db, String name) throws SQLException {
        try (Statement s = db.createStatement(); var rs = s.executeQuery("PRAGMA " + name)) {
            return rs.next() ? rs.getString(1) : "";
        }
    }

    /** Closes every connection (null ones are skipped), then throws one exception carrying each failure, if any. */
    static void closeAll(Path file, Connection... connections) {
        StoreException failure = new StoreException("could not close " + file + " cleanly");
        for (Connection c : connections) {
            closeQuietly(c, failure);
        }
        if (failure.getSuppressed().length > 0) {
            throw failure;
        }
    }

    static void closeQuietly(Connection connection, Throwable into) {
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            into.addSuppressed(e);
        }
    }
}
