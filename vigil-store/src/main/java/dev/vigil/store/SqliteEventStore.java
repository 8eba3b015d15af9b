package dev.vigil.store;

import dev.vigil.event.Event;
import dev.vigil.event.Cause;
import dev.vigil.event.EventQuery;
import dev.vigil.event.EventStore;
import dev.vigil.event.StoredEvent;
import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The event history in one SQLite file (WAL mode). One connection writes, for the event bus's single writer;
 * another reads, so queries from other threads neither wait for nor block appends.
 */
public final class SqliteEventStore implements EventStore {

    static final int BUSY_TIMEOUT_MILLIS = 5_000;
    private static final long NONE_LEFT = Long.MIN_VALUE;

    private static final String INSERT =
            "INSERT INTO events (at_ms, service, type, message, payload) VALUES (?, ?, ?, ?, ?) RETURNING id";

    private final Path file;
    private final Connection writer;
    private final Connection reader;
    private final EventCodec codec;
    private final List<String> openNotes;
    private final AtomicLong unreadable = new AtomicLong();
    private final Set<String> reportedUnreadable = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private SqliteEventStore(Path file, Connection writer, Connection reader, EventCodec codec, List<String> notes) {
        this.file = file;
        this.writer = writer;
        this.reader = reader;
        this.codec = codec;
        this.openNotes = List.copyOf(notes);
    }

    /**
     * Opens the database, creating it and its directories if missing, and upgrades its schema. A file that is
     * not a readable SQLite database is moved aside and replaced by an empty one; {@link #openNotes()} says so.
     *
     * @throws StoreException when the database is newer than this version or cannot be opened at all
     */
    public static SqliteEventStore open(Path dbFile) {
        return open(dbFile, Clock.systemUTC());
    }

    static SqliteEventStore open(Path dbFile, Clock clock) {
        Path file = dbFile.toAbsolutePath();
        EventCodec codec = new EventCodec();
        Migrations migrations = Migrations.bundled();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new StoreException("could not create " + file.getParent() + ": " + e.getMessage(), e);
        }
        List<String> notes = new ArrayList<>();
        try {
            return connect(file, codec, migrations, clock, notes);
        } catch (SQLException e) {
            if (!CorruptDatabase.isCorruption(e)) {
                throw new StoreException("could not open " + file + ": " + e.getMessage(), e);
            }
            Path aside;
            try {
                aside = CorruptDatabase.moveAside(file, clock.instant());
            } catch (IOException move) {
                move.addSuppressed(e);
                throw new StoreException("database " + file + " is unreadable and could not be moved aside: "
                        + move.getMessage(), move);
            }
            notes.add("database " + file.getFileName() + " could not be read (" + e.getMessage() + "); moved it to "
                    + aside.getFileName() + " and started an empty one");
        }
        try {
            return connect(file, codec, migrations, clock, notes);
        } catch (SQLException e) {
            throw new StoreException("could not create a new database at " + file + ": " + e.getMessage(), e);
        }
    }

    private static SqliteEventStore connect(Path file, EventCodec codec, Migrations migrations, Clock clock,
                                            List<String> notes) throws SQLException {
        Connection writer = null;
        Connection reader = null;
        try {
            writer = writerConfig().createConnection(url(file));
            migrations.apply(writer, clock.instant());
            // Opening reads only the header and schema; a torn tail shows when the newest page is read. Reading
            // the last row here makes such a file fail now, where it can be moved aside, not on the first query.
            try (Statement s = writer.createStatement(); ResultSet rs = s.executeQuery(
                    "SELECT id, payload FROM events ORDER BY id DESC LIMIT 1")) {
                rs.next();
            }
            reader = readerConfig().createConnection(url(file));
            return new SqliteEventStore(file, writer, reader, codec, notes);
        } catch (SQLException | RuntimeException e) {
            Database.closeQuietly(reader, e);
            Database.closeQuietly(writer, e);
            throw e;
        }
    }

    private static SQLiteConfig writerConfig() {
        SQLiteConfig config = new SQLiteConfig();
        // WAL: readers and the writer do not block each other, and a crash mid-write leaves the last committed
        // state (an incomplete WAL tail is ignored on the next open).
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // NORMAL, not FULL: in WAL mode it never risks corruption; a power cut (not a process crash) can lose the
        // last transactions since the previous checkpoint. Fsyncing on every batch of events would cost more than
        // those few events are worth, and the supervised stack is re-read from reality after any restart anyway.
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        // Another process (the CLI reading history, a backup) may hold a lock briefly: wait rather than fail.
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        // Take the write lock when the transaction begins, so it cannot fail halfway with SQLITE_BUSY.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        return config;
    }

    private static SQLiteConfig readerConfig() {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(BUSY_TIMEOUT_MILLIS);
        return config;
    }

    private static String url(Path file) {
        return "jdbc:sqlite:" + file;
    }

    /** What happened while opening that a person should hear about (a corrupt file moved aside); usually empty. */
    public List<String> openNotes() {
        return openNotes;
    }

    /** How many stored rows queries have skipped because this version cannot read them. */
    public long unreadableSkipped() {
        return unreadable.get();
    }

    public Path file() {
        return file;
    }

    @Override
    public List<StoredEvent> append(List<Event> events) {
        if (events.isEmpty()) {
            return List.of();
        }
        List<String> payloads = events.stream().map(codec::encode).toList();
        synchronized (writer) {
            ensureOpen();
            try {
                return insertAll(events, payloads);
            } catch (SQLException e) {
                throw new StoreException("could not store " + events.size() + " events: " + e.getMessage(), e);
            }
        }
    }

    private List<StoredEvent> insertAll(List<Event> events, List<String> payloads) throws SQLException {
        return Database.inTransaction(writer, () -> {
            List<StoredEvent> stored = new ArrayList<>(events.size());
            try (PreparedStatement insert = writer.prepareStatement(INSERT)) {
                for (int i = 0; i < events.size(); i++) {
                    Event event = events.get(i);
                    insert.setLong(1, millis(event.at()));
                    insert.setString(2, event.serviceName().orElse(null));
                    insert.setString(3, event.type());
                    insert.setString(4, event.message());
                    insert.setString(5, payloads.get(i));
                    try (ResultSet rs = insert.executeQuery()) {
                        rs.next();
                        stored.add(new StoredEvent(rs.getLong(1), event));
                    }
                }
            }
            return stored;
        });
    }

    @Override
    public List<StoredEvent> query(EventQuery query) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT id, type, payload FROM events WHERE 1 = 1");
        // at_ms is whole milliseconds, so the SQL bounds are loose and the exact instants are compared below.
        query.since().ifPresent(since -> {
            sql.append(" AND at_ms >= ?");
            params.add(millis(since));
        });
        query.until().ifPresent(until -> {
            sql.append(" AND at_ms <= ?");
            params.add(millis(until));
        });
        in(sql, params, "service", query.services());
        in(sql, params, "type", query.types());
        in(sql, params, "json_extract(payload, '$.cause')",
                query.causes().stream().map(Cause::label).collect(Collectors.toSet()));
        query.afterId().ifPresent(afterId -> {
            sql.append(" AND id > ?");
            params.add(afterId);
        });
        // Newest first, in rounds: a row skipped below (unreadable, or just outside a time bound) must not eat
        // into the limit, so when a round comes up short the next one continues below the last id it read.
        sql.append(" AND id < ? ORDER BY id DESC LIMIT ?");

        synchronized (reader) {
            ensureOpen();
            try (PreparedStatement select = reader.prepareStatement(sql.toString())) {
                for (int i = 0; i < params.size(); i++) {
                    select.setObject(i + 1, params.get(i));
                }
                List<StoredEvent> newestFirst = new ArrayList<>();
                long below = query.beforeId().orElse(Long.MAX_VALUE);
                while (below != NONE_LEFT && newestFirst.size() < query.limit()) {
                    int wanted = query.limit() - newestFirst.size();
                    select.setLong(params.size() + 1, below);
                    select.setInt(params.size() + 2, wanted);
                    below = readRound(select, query, wanted, newestFirst);
                }
                Collections.reverse(newestFirst);
                return newestFirst;
            } catch (SQLException e) {
                throw new StoreException("could not query events: " + e.getMessage(), e);
            }
        }
    }

    /** Adds one round's matches to {@code found}; returns the id to continue below, or NONE_LEFT. */
    private long readRound(PreparedStatement select, EventQuery query, int wanted, List<StoredEvent> found)
            throws SQLException {
        int rows = 0;
        long last = NONE_LEFT;
        try (ResultSet rs = select.executeQuery()) {
            while (rs.next()) {
                rows++;
                last = rs.getLong(1);
                Optional<Event> event = decode(last, rs.getString(2), rs.getString(3));
                if (event.isPresent() && within(event.get().at(), query)) {
                    found.add(new StoredEvent(last, event.get()));
                }
            }
        }
        return rows < wanted ? NONE_LEFT : last;
    }

    // A row this version cannot read was written by a newer Vigil (a new event type or shape) or damaged.
    // It is skipped, not replaced by a placeholder: Event is a sealed set of real events and a stand-in would
    // reach listeners that switch over it exhaustively. Skipping keeps the rest of the history usable, the row
    // stays in the database for the newer version, and the count and one line per type say it happened.
    private Optional<Event> decode(long id, String type, String payload) {
        try {
            return Optional.of(codec.decode(type, payload));
        } catch (UnreadableEventException e) {
            unreadable.incrementAndGet();
            if (reportedUnreadable.add(type)) {
                System.err.println("vigil: skipping stored event " + id + " and any like it: " + e.getMessage()
                        + " (written by a newer Vigil?)");
            }
            return Optional.empty();
        }
    }

    private static boolean within(Instant at, EventQuery query) {
        return query.since().map(since -> !at.isBefore(since)).orElse(true)
                && query.until().map(at::isBefore).orElse(true);
    }

    private static void in(StringBuilder sql, List<Object> params, String column, Set<String> values) {
        if (values.isEmpty()) {
            return;
        }
        sql.append(" AND ").append(column).append(" IN (")
                .append(String.join(", ", Collections.nCopies(values.size(), "?"))).append(')');
        params.addAll(values);
    }

    // Instants far outside the epoch's range (Instant.MIN/MAX as open bounds) would overflow a long of millis.
    private static long millis(Instant at) {
        try {
            return at.toEpochMilli();
        } catch (ArithmeticException e) {
            return at.isBefore(Instant.EPOCH) ? Long.MIN_VALUE : Long.MAX_VALUE;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("event store " + file + " is closed");
        }
    }

    /** Test hook: a PRAGMA's value as the writing connection sees it. */
    String pragma(String name) {
        synchronized (writer) {
            ensureOpen();
            try (Statement s = writer.createStatement(); ResultSet rs = s.executeQuery("PRAGMA " + name)) {
                return rs.next() ? rs.getString(1) : "";
            } catch (SQLException e) {
                throw new StoreException("could not read pragma " + name + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        synchronized (writer) {
            synchronized (reader) {
                if (closed) {
                    return;
                }
                closed = true;
                Database.closeAll(file, reader, writer);
            }
        }
    }

    @Override
    public String toString() {
        return "SqliteEventStore[" + file + "]";
    }
}
