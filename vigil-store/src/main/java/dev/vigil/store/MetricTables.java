package dev.vigil.store;

import dev.vigil.metrics.Chunk;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Resolution;
import dev.vigil.time.Scheduler;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The SQL side of the metric store: series and chunk rows in {@code metrics.db}, one writer and one reader. */
final class MetricTables {

    private final Path file;
    private final Connection writer;
    private final Connection reader;
    private final int pageSize;

    record SeriesRow(int id, Labels labels, long rolledMinute, long rolledHour) {
    }

    record ChunkRow(long id, long endMs, byte[] data) {
    }

    record Deleted(long chunks, long newestEndMs) {
    }

    private MetricTables(Path file, Connection writer, Connection reader, int pageSize) {
        this.file = file;
        this.writer = writer;
        this.reader = reader;
        this.pageSize = pageSize;
    }

    /** Opens (or creates) the file; one SQLite cannot read is moved aside and replaced, with a note saying so. */
    static MetricTables open(Path file, Scheduler scheduler, SqliteMetricStore.Options options, List<String> notes) {
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new StoreException("could not create " + file.getParent() + ": " + e.getMessage(), e);
        }
        try {
            return connect(file, scheduler, options);
        } catch (SQLException e) {
            if (!CorruptDatabase.isCorruption(e)) {
                throw new StoreException("could not open " + file + ": " + e.getMessage(), e);
            }
            try {
                Path aside = CorruptDatabase.moveAside(file, scheduler.now());
                notes.add(file.getFileName() + " could not be read (" + e.getMessage() + "); moved it to "
                        + aside.getFileName() + " and started an empty one");
            } catch (IOException move) {
                throw new StoreException(file + " is unreadable and could not be moved aside: " + move.getMessage(),
                        move);
            }
        }
        try {
            return connect(file, scheduler, options);
        } catch (SQLException e) {
            throw new StoreException("could not create " + file + ": " + e.getMessage(), e);
        }
    }

    private static MetricTables connect(Path file, Scheduler scheduler, SqliteMetricStore.Options options)
            throws SQLException {
        Connection writer = null;
        Connection reader = null;
        try {
            SQLiteConfig config = new SQLiteConfig();
            // NORMAL: in WAL mode a crash never corrupts; a power cut may lose the last step, which the metrics
            // WAL (synced at each step) still holds.
            config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
            config.setBusyTimeout(SqliteEventStore.BUSY_TIMEOUT_MILLIS);
            config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
            writer = config.createConnection("jdbc:sqlite:" + file);
            try (Statement s = writer.createStatement()) {
                // Takes effect only on a new, empty file, and only before it is switched to WAL: deleted chunks
                // then free pages that the budget step gives back to the file system.
                s.execute("PRAGMA auto_vacuum = INCREMENTAL");
                s.execute("PRAGMA journal_mode = WAL");
            }
            Migrations.fromClasspath("db/metrics/", SqliteMetricStore.SCRIPTS).apply(writer, scheduler.now());
            int pageSize = Integer.parseInt(Database.pragma(writer, "page_size"));
            long reserve = options.logReserve();
            try (Statement s = writer.createStatement()) {
                // No max_page_count ceiling: after an incremental vacuum in WAL mode SQLite answered SQLITE_FULL
                // far below it. The budget is kept by the compaction step, which deletes before it writes.
                s.execute("PRAGMA wal_autocheckpoint = " + Math.max(16, reserve / 4 / pageSize));
                // A torn tail shows when the newest page is read: fail now, where the file can be moved aside.
                try (ResultSet rs = s.executeQuery("SELECT id, data FROM chunks ORDER BY id DESC LIMIT 1")) {
                    rs.next();
                }
            }
            SQLiteConfig readConfig = new SQLiteConfig();
            readConfig.setReadOnly(true);
            readConfig.setBusyTimeout(SqliteEventStore.BUSY_TIMEOUT_MILLIS);
            reader = readConfig.createConnection("jdbc:sqlite:" + file);
            return new MetricTables(file, writer, reader, pageSize);
        } catch (SQLException | RuntimeException e) {
            Database.closeQuietly(reader, e);
            Database.closeQuietly(writer, e);
            throw e;
        }
    }

    List<SeriesRow> loadSeries() {
        List<SeriesRow> rows = new ArrayList<>();
        try (Statement s = writer.createStatement(); ResultSet rs = s.executeQuery(
                "SELECT id, labels, rolled_minute_ms, rolled_hour_ms FROM series ORDER BY id")) {
            while (rs.next()) {
                rows.add(new SeriesRow(rs.getInt(1), LabelsCodec.decode(rs.getBytes(2)), rs.getLong(3),
                        rs.getLong(4)));
            }
            return rows;
        } catch (SQLException e) {
            throw new StoreException("could not read the series in " + file + ": " + e.getMessage(), e);
        }
    }

    /** The newest raw chunks of a series, newest first (a few, in case the newest is damaged). */
    List<ChunkRow> newestRaw(int seriesId) {
        try (PreparedStatement select = writer.prepareStatement("SELECT id, end_ms, data FROM chunks "
                + "WHERE series_id = ? AND resolution = 0 ORDER BY start_ms DESC LIMIT 3")) {
            select.setInt(1, seriesId);
            return rows(select);
        } catch (SQLException e) {
            throw new StoreException("could not read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The chunks of a series at a resolution that overlap {@code [from, to]}, oldest first. */
    List<ChunkRow> chunks(int seriesId, Resolution resolution, long from, long to) {
        synchronized (reader) {
            try (PreparedStatement select = reader.prepareStatement("SELECT id, end_ms, data FROM chunks "
                    + "WHERE series_id = ? AND resolution = ? AND start_ms <= ? AND end_ms >= ? ORDER BY start_ms")) {
                select.setInt(1, seriesId);
                select.setInt(2, resolution.ordinal());
                select.setLong(3, to);
                select.setLong(4, from);
                return rows(select);
            } catch (SQLException e) {
                throw new StoreException("could not read chunks from " + file + ": " + e.getMessage(), e);
            }
        }
    }

    private static List<ChunkRow> rows(PreparedStatement select) throws SQLException {
        List<ChunkRow> rows = new ArrayList<>();
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                rows.add(new ChunkRow(rs.getLong(1), rs.getLong(2), rs.getBytes(3)));
            }
        }
        return rows;
    }

    /** Writes new series, cut chunks and rollup progress in one transaction. */
    void write(List<StoredSeries> dirty) throws SQLException {
        Database.inTransaction(writer, () -> {
            try (PreparedStatement series = writer.prepareStatement(
                    "INSERT OR IGNORE INTO series (id, labels) VALUES (?, ?)");
                 PreparedStatement chunk = writer.prepareStatement(
                         "INSERT INTO chunks (series_id, resolution, start_ms, end_ms, data) VALUES (?, ?, ?, ?, ?)");
                 PreparedStatement progress = writer.prepareStatement(
                         "UPDATE series SET rolled_minute_ms = ?, rolled_hour_ms = ? WHERE id = ?")) {
                for (StoredSeries s : dirty) {
                    if (!s.inDatabase) {
                        series.setInt(1, s.id);
                        series.setBytes(2, LabelsCodec.encode(s.labels));
                        series.executeUpdate();
                    }
                    boolean rolled = false;
                    for (Resolution r : Resolution.values()) {
                        for (Chunk c : s.unwritten.get(r.ordinal())) {
                            chunk.setInt(1, s.id);
                            chunk.setInt(2, r.ordinal());
                            chunk.setLong(3, c.startMs());
                            chunk.setLong(4, c.endMs());
                            chunk.setBytes(5, c.data());
                            chunk.executeUpdate();
                        }
                        rolled |= r != Resolution.RAW && !s.unwrittenRolledTo.get(r.ordinal()).isEmpty();
                    }
                    if (rolled) {
                        progress.setLong(1, rolledTo(s, Resolution.MINUTE));
                        progress.setLong(2, rolledTo(s, Resolution.HOUR));
                        progress.setInt(3, s.id);
                        progress.executeUpdate();
                    }
                }
            }
            return null;
        });
    }

    private static long rolledTo(StoredSeries s, Resolution r) {
        List<Long> pending = s.unwrittenRolledTo.get(r.ordinal());
        return pending.isEmpty() ? s.writtenTo[r.ordinal()] : pending.getLast();
    }

    /** Deletes the chunks each resolution keeps no longer; returns how many. */
    long expire(long nowMs, Map<Resolution, Duration> retention) {
        try {
            return Database.inTransaction(writer, () -> {
                long deleted = 0;
                try (PreparedStatement delete = writer.prepareStatement(
                        "DELETE FROM chunks WHERE end_ms < ? AND resolution = ?")) {
                    for (Resolution r : Resolution.values()) {
                        delete.setLong(1, nowMs - retention.get(r).toMillis());
                        delete.setInt(2, r.ordinal());
                        deleted += delete.executeUpdate();
                    }
                }
                return deleted;
            });
        } catch (SQLException e) {
            throw new StoreException("could not expire old chunks in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Deletes the chunks that end first until about {@code bytes} are freed. */
    Deleted deleteOldest(long bytes) {
        try {
            return Database.inTransaction(writer, () -> {
                long freed = 0;
                long count = 0;
                long newest = Long.MIN_VALUE;
                try (PreparedStatement oldest = writer.prepareStatement(
                        "SELECT id, end_ms, length(data) FROM chunks ORDER BY end_ms LIMIT 256");
                     PreparedStatement delete = writer.prepareStatement("DELETE FROM chunks WHERE id = ?")) {
                    while (freed < bytes) {
                        List<long[]> batch = new ArrayList<>();
                        try (ResultSet rs = oldest.executeQuery()) {
                            while (rs.next()) {
                                batch.add(new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)});
                            }
                        }
                        if (batch.isEmpty()) {
                            break;
                        }
                        for (long[] row : batch) {
                            if (freed >= bytes) {
                                break;
                            }
                            delete.setLong(1, row[0]);
                            delete.executeUpdate();
                            freed += row[2] + 48; // the row and its two index entries, roughly
                            newest = Math.max(newest, row[1]);
                            count++;
                        }
                    }
                }
                return new Deleted(count, newest);
            });
        } catch (SQLException e) {
            throw new StoreException("could not delete old chunks in " + file + ": " + e.getMessage(), e);
        }
    }

    /** Gives the pages of deleted rows back to the file system and empties SQLite's own WAL. */
    void releaseFreePages() {
        try (Statement s = writer.createStatement()) {
            // Both answer with rows; incremental_vacuum frees one page per row stepped, so every row is read.
            for (String pragma : List.of("PRAGMA incremental_vacuum", "PRAGMA wal_checkpoint(TRUNCATE)")) {
                if (s.execute(pragma)) {
                    try (ResultSet rs = s.getResultSet()) {
                        while (rs.next()) {
                            // drain
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new StoreException("could not shrink " + file + ": " + e.getMessage(), e);
        }
    }

    /** Bytes of the database's pages in use (its free pages left out). */
    long usedBytes() {
        try {
            long pages = Long.parseLong(Database.pragma(writer, "page_count"))
                    - Long.parseLong(Database.pragma(writer, "freelist_count"));
            return pages * pageSize;
        } catch (SQLException e) {
            throw new StoreException("could not measure " + file + ": " + e.getMessage(), e);
        }
    }

    long databaseFileBytes() {
        return sizeOf(file);
    }

    /** SQLite's WAL and shared-memory files. */
    long sideFileBytes() {
        return sizeOf(Path.of(file + "-wal")) + sizeOf(Path.of(file + "-shm"));
    }

    /** What the database's files take on disk. */
    long fileBytes() {
        return databaseFileBytes() + sideFileBytes();
    }

    private static long sizeOf(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }

    void close() {
        synchronized (reader) {
            Database.closeAll(file, reader, writer);
        }
    }
}
