package dev.vigil.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.gate.AddedWindow;
import dev.vigil.gate.GateStore;
import dev.vigil.gate.TimedOverride;
import dev.vigil.gate.WindowNameTakenException;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Windows added at run time and timed overrides, in {@code vigil.db}. Read on every change only (a handful of
 * rows); the daemon holds what the gate decides by in memory.
 */
public final class SqliteGateStore implements GateStore, AutoCloseable {

    private static final String WINDOW_COLUMNS =
            "name, kind, from_local, to_local, zone, services, reason, added_by, added_at";

    private final Path file;
    private final Connection db;
    private volatile boolean closed;

    private SqliteGateStore(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    /** Opens the gate's tables of this database, creating the file and upgrading its schema when needed. */
    public static SqliteGateStore open(Path dbFile) {
        Path file = dbFile.toAbsolutePath();
        return new SqliteGateStore(file, Database.openWriter(file, Clock.systemUTC()));
    }

    @Override
    public List<AddedWindow> windows() {
        synchronized (db) {
            ensureOpen();
            try (PreparedStatement select = db.prepareStatement("SELECT " + WINDOW_COLUMNS
                    + " FROM added_windows WHERE ended_at IS NULL ORDER BY id");
                 ResultSet rs = select.executeQuery()) {
                List<AddedWindow> windows = new ArrayList<>();
                while (rs.next()) {
                    windows.add(window(rs));
                }
                return windows;
            } catch (SQLException e) {
                throw new StoreException("could not read added windows: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public AddedWindow add(AddedWindow w) {
        synchronized (db) {
            ensureOpen();
            try {
                return Database.inTransaction(db, () -> {
                    try (PreparedStatement taken = db.prepareStatement(
                            "SELECT 1 FROM added_windows WHERE name = ? AND ended_at IS NULL")) {
                        taken.setString(1, w.name());
                        try (ResultSet rs = taken.executeQuery()) {
                            if (rs.next()) {
                                throw new WindowNameTakenException(w.name());
                            }
                        }
                    }
                    try (PreparedStatement insert = db.prepareStatement("INSERT INTO added_windows (" + WINDOW_COLUMNS
                            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                        insert.setString(1, w.name());
                        insert.setString(2, w.kind());
                        insert.setString(3, w.from().toString());
                        insert.setString(4, w.to().toString());
                        insert.setString(5, w.zone().getId());
                        insert.setString(6, EventCodec.mapper().writeValueAsString(w.services()));
                        insert.setString(7, w.reason());
                        insert.setString(8, w.addedBy());
                        insert.setString(9, w.addedAt().toString());
                        insert.executeUpdate();
                    } catch (JsonProcessingException e) {
                        throw new StoreException("could not encode the services of window " + w.name(), e);
                    }
                    return w;
                });
            } catch (SQLException e) {
                throw new StoreException("could not add window " + w.name() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public Optional<AddedWindow> end(String name, String by, Instant at) {
        synchronized (db) {
            ensureOpen();
            try {
                return Database.inTransaction(db, () -> {
                    Optional<AddedWindow> found = Optional.empty();
                    try (PreparedStatement select = db.prepareStatement("SELECT " + WINDOW_COLUMNS
                            + " FROM added_windows WHERE name = ? AND ended_at IS NULL")) {
                        select.setString(1, name);
                        try (ResultSet rs = select.executeQuery()) {
                            if (rs.next()) {
                                found = Optional.of(window(rs));
                            }
                        }
                    }
                    if (found.isPresent()) {
                        try (PreparedStatement update = db.prepareStatement("UPDATE added_windows SET ended_at = ?,"
                                + " ended_by = ? WHERE name = ? AND ended_at IS NULL")) {
                            update.setString(1, at.toString());
                            update.setString(2, by);
                            update.setString(3, name);
                            update.executeUpdate();
                        }
                    }
                    return found;
                });
            } catch (SQLException e) {
                throw new StoreException("could not end window " + name + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public TimedOverride add(TimedOverride o) {
        synchronized (db) {
            ensureOpen();
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO timed_overrides (opened_by, reason, from_at, until_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, o.openedBy());
                insert.setString(2, o.reason());
                insert.setString(3, o.from().toString());
                insert.setString(4, o.until().toString());
                insert.executeUpdate();
                return o;
            } catch (SQLException e) {
                throw new StoreException("could not record the override: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public List<TimedOverride> overrides(Instant now) {
        synchronized (db) {
            ensureOpen();
            // Instants are ISO text with varying fractions: compared here, not in SQL.
            try (PreparedStatement select = db.prepareStatement(
                    "SELECT opened_by, reason, from_at, until_at FROM timed_overrides ORDER BY id");
                 ResultSet rs = select.executeQuery()) {
                List<TimedOverride> found = new ArrayList<>();
                while (rs.next()) {
                    TimedOverride o = new TimedOverride(rs.getString(1), rs.getString(2),
                            Instant.parse(rs.getString(3)), Instant.parse(rs.getString(4)));
                    if (o.until().isAfter(now)) {
                        found.add(o);
                    }
                }
                found.sort(Comparator.comparing(TimedOverride::until));
                return found;
            } catch (SQLException e) {
                throw new StoreException("could not read overrides: " + e.getMessage(), e);
            }
        }
    }

    private static AddedWindow window(ResultSet rs) throws SQLException {
        List<String> services;
        try {
            services = EventCodec.mapper().readValue(rs.getString(6), new TypeReference<List<String>>() { });
        } catch (JsonProcessingException e) {
            throw new StoreException("unreadable services of window " + rs.getString(1), e);
        }
        return new AddedWindow(rs.getString(1), rs.getString(2), LocalDateTime.parse(rs.getString(3)),
                LocalDateTime.parse(rs.getString(4)), ZoneId.of(rs.getString(5)), services, rs.getString(7),
                rs.getString(8), Instant.parse(rs.getString(9)));
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("gate store " + file + " is closed");
        }
    }

    @Override
    public void close() {
        synchronized (db) {
            if (closed) {
                return;
            }
            closed = true;
            Database.closeAll(file, db);
        }
    }
}
