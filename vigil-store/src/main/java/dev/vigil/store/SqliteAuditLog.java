package dev.vigil.store;

import dev.vigil.audit.AuditChain;
import dev.vigil.audit.AuditEntry;
import dev.vigil.audit.AuditLog;
import dev.vigil.audit.AuditRecord;
import dev.vigil.audit.AuditVerification;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The audit trail in the {@code audit} table of {@code vigil.db}. Appends are serialized (within this process by a
 * lock, across processes by SQLite's write lock) and synced to disk before they return. Reads use a connection of
 * their own, so verifying a long trail does not hold up appends.
 */
public final class SqliteAuditLog implements AuditLog, AutoCloseable {

    private static final String COLUMNS = "seq, at, actor, action, target, reason, result, previous_hash, hash";

    private final Path file;
    private final Optional<Connection> writer;
    private final Connection reader;
    private final boolean hasTable;
    private volatile boolean closed;

    private SqliteAuditLog(Path file, Optional<Connection> writer, Connection reader, boolean hasTable) {
        this.file = file;
        this.writer = writer;
        this.reader = reader;
        this.hasTable = hasTable;
    }

    /** Opens the audit trail in this database, creating the file and upgrading its schema when needed. */
    public static SqliteAuditLog open(Path dbFile) {
        return open(dbFile, Clock.systemUTC());
    }

    static SqliteAuditLog open(Path dbFile, Clock clock) {
        Path file = dbFile.toAbsolutePath();
        Connection writer = Database.openWriter(file, clock);
        try {
            return new SqliteAuditLog(file, Optional.of(writer), Database.openReader(file), true);
        } catch (RuntimeException e) {
            Database.closeQuietly(writer, e);
            throw e;
        }
    }

    /**
     * Opens the audit trail of an existing database to read and verify it, e.g. while the daemon that writes it is
     * stopped. Creates no file and changes nothing; {@link #append} throws. A database from before the audit
     * trail existed reads as an empty trail.
     *
     * @throws StoreException when there is no database there, it is not Vigil's, or it is newer than this version
     */
    public static SqliteAuditLog openReadOnly(Path dbFile) {
        Path file = dbFile.toAbsolutePath();
        Connection reader = Database.openInspector(file);
        try {
            Database.readableVersion(reader, file);
            return new SqliteAuditLog(file, Optional.empty(), reader, Database.hasTable(reader, "audit"));
        } catch (SQLException | RuntimeException e) {
            Database.closeQuietly(reader, e);
            if (e instanceof StoreException s) {
                throw s;
            }
            throw new StoreException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    public Path file() {
        return file;
    }

    @Override
    public AuditEntry append(AuditRecord record) {
        Connection db = writer.orElseThrow(() -> new StoreException("audit trail " + file + " is open read-only"));
        AuditChain.canonical(0, record); // rejects a record with a missing field before anything is written
        synchronized (db) {
            ensureOpen();
            try {
                return Database.inTransaction(db, () -> appendAfterLast(db, record));
            } catch (SQLException e) {
                throw new StoreException("could not append to the audit trail: " + e.getMessage(), e);
            }
        }
    }

    private static AuditEntry appendAfterLast(Connection db, AuditRecord record) throws SQLException {
        long seq = 1;
        String previous = AuditChain.GENESIS;
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1")) {
            if (rs.next()) {
                seq = rs.getLong(1) + 1;
                previous = rs.getString(2);
            }
        }
        AuditEntry entry = AuditChain.entry(seq, record, previous);
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO audit (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, entry.seq());
            insert.setString(2, record.at().toString());
            insert.setString(3, record.actor());
            insert.setString(4, record.action());
            insert.setString(5, record.target());
            insert.setString(6, record.reason());
            insert.setString(7, record.result());
            insert.setString(8, entry.previousHash());
            insert.setString(9, entry.hash());
            insert.executeUpdate();
        }
        return entry;
    }

    @Override
    public List<AuditEntry> list(long afterSeq, int limit) {
        if (limit <= 0 || !hasTable) {
            return List.of();
        }
        synchronized (reader) {
            ensureOpen();
            try (PreparedStatement select = reader.prepareStatement(
                    "SELECT " + COLUMNS + " FROM audit WHERE seq > ? ORDER BY seq LIMIT ?")) {
                select.setLong(1, afterSeq);
                select.setInt(2, limit);
                List<AuditEntry> entries = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        entries.add(entry(rs));
                    }
                }
                return entries;
            } catch (SQLException e) {
                throw new StoreException("could not read the audit trail: " + e.getMessage(), e);
            } catch (DateTimeParseException e) {
                throw new StoreException("an audit entry is unreadable (" + e.getMessage() + "); verify the trail", e);
            }
        }
    }

    /** Recomputes the chain row by row in seq order, in one read transaction; memory use does not grow with it. */
    @Override
    public AuditVerification verify() {
        AuditChain.Verifier verifier = new AuditChain.Verifier();
        if (!hasTable) {
            return verifier.result();
        }
        synchronized (reader) {
            ensureOpen();
            try (Statement s = reader.createStatement();
                 ResultSet rs = s.executeQuery("SELECT " + COLUMNS + " FROM audit ORDER BY seq")) {
                boolean going = true;
                while (going && rs.next()) {
                    going = accept(verifier, rs);
                }
            } catch (SQLException e) {
                throw new StoreException("could not read the audit trail: " + e.getMessage(), e);
            }
        }
        return verifier.result();
    }

    private static boolean accept(AuditChain.Verifier verifier, ResultSet rs) throws SQLException {
        AuditEntry entry;
        try {
            entry = entry(rs);
        } catch (DateTimeParseException e) {
            return verifier.unreadable(rs.getLong(1), "at is not an ISO-8601 time: " + e.getParsedString());
        }
        return verifier.accept(entry);
    }

    private static AuditEntry entry(ResultSet rs) throws SQLException {
        AuditRecord record = new AuditRecord(Instant.parse(rs.getString(2)), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7));
        return new AuditEntry(rs.getLong(1), record, rs.getString(8), rs.getString(9));
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("audit trail " + file + " is closed");
        }
    }

    /** Test hook: a PRAGMA's value as the writing connection sees it. */
    String pragma(String name) throws SQLException {
        Connection db = writer.orElseThrow();
        synchronized (db) {
            return Database.pragma(db, name);
        }
    }

    @Override
    public void close() {
        Object lock = writer.<Object>map(w -> w).orElse(reader);
        synchronized (lock) {
            synchronized (reader) {
                if (closed) {
                    return;
                }
                closed = true;
                Database.closeAll(file, reader, writer.orElse(null));
            }
        }
    }

    @Override
    public String toString() {
        return "SqliteAuditLog[" + file + (writer.isEmpty() ? ", read-only" : "") + "]";
    }
}
