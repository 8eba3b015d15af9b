package dev.vigil.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.change.ConfigVersion;
import dev.vigil.change.NewVersion;
import dev.vigil.change.UnknownVersionException;
import dev.vigil.change.VersionResult;
import dev.vigil.change.VersionStore;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The version history in the {@code versions} table of {@code vigil.db}, one row per version. The number is the
 * last one plus one, read and used inside one immediate transaction: SQLite's write lock makes that atomic across
 * processes, and a version is one row, so it is stored whole or not at all. Commits are synced before
 * {@link #append} returns.
 */
public final class SqliteVersionStore implements VersionStore, AutoCloseable {

    private static final String COLUMNS = "number, applied_at, actor, reason, file, text, env_files, hash, result, detail";
    private static final TypeReference<List<Map<String, String>>> ENV_FILES = new TypeReference<>() {
    };

    private final Path file;
    private final Connection db;
    private volatile boolean closed;

    private SqliteVersionStore(Path file, Connection db) {
        this.file = file;
        this.db = db;
    }

    /** Opens the version history of this database, creating the file and upgrading its schema when needed. */
    public static SqliteVersionStore open(Path dbFile) {
        return open(dbFile, Clock.systemUTC());
    }

    static SqliteVersionStore open(Path dbFile, Clock clock) {
        Path file = dbFile.toAbsolutePath();
        return new SqliteVersionStore(file, Database.openWriter(file, clock));
    }

    public Path file() {
        return file;
    }

    @Override
    public ConfigVersion append(NewVersion version) {
        String envFiles = encode(version.envFiles());
        synchronized (db) {
            ensureOpen();
            try {
                return Database.inTransaction(db, () -> insert(version.numbered(next()), envFiles));
            } catch (SQLException e) {
                throw new StoreException("could not store the version of " + version.file() + ": " + e.getMessage(), e);
            }
        }
    }

    private long next() throws SQLException {
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(number), 0) + 1 FROM versions")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private ConfigVersion insert(ConfigVersion v, String envFiles) throws SQLException {
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO versions (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setLong(1, v.number());
            insert.setString(2, v.appliedAt().toString());
            insert.setString(3, v.actor());
            insert.setString(4, v.reason());
            insert.setString(5, v.file());
            insert.setString(6, v.text());
            insert.setString(7, envFiles);
            insert.setString(8, v.hash());
            insert.setString(9, label(v.result()));
            insert.setString(10, v.detail().orElse(null));
            insert.executeUpdate();
        }
        return v;
    }

    @Override
    public Optional<ConfigVersion> get(long number) {
        List<ConfigVersion> found = select("SELECT " + COLUMNS + " FROM versions WHERE number = ?", number);
        return found.stream().findFirst();
    }

    @Override
    public List<ConfigVersion> list(int limit) {
        if (limit <= 0) {
            return List.of();
        }
        return select("SELECT " + COLUMNS + " FROM versions ORDER BY number DESC LIMIT ?", limit);
    }

    private List<ConfigVersion> select(String sql, long parameter) {
        synchronized (db) {
            ensureOpen();
            try (PreparedStatement select = db.prepareStatement(sql)) {
                select.setLong(1, parameter);
                List<ConfigVersion> versions = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        versions.add(version(rs));
                    }
                }
                return versions;
            } catch (SQLException e) {
                throw new StoreException("could not read the version history: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void markResult(long number, VersionResult result, String detail) {
        synchronized (db) {
            ensureOpen();
            try (PreparedStatement update = db.prepareStatement(
                    "UPDATE versions SET result = ?, detail = ? WHERE number = ?")) {
                update.setString(1, label(result));
                update.setString(2, detail.isBlank() ? null : detail);
                update.setLong(3, number);
                if (update.executeUpdate() == 0) {
                    throw new UnknownVersionException(number);
                }
            } catch (SQLException e) {
                throw new StoreException("could not record the result of version " + number + ": " + e.getMessage(), e);
            }
        }
    }

    private ConfigVersion version(ResultSet rs) throws SQLException {
        long number = rs.getLong(1);
        try {
            return new ConfigVersion(number, Instant.parse(rs.getString(2)), rs.getString(3), rs.getString(4),
                    rs.getString(5), rs.getString(6), decode(rs.getString(7)), rs.getString(8),
                    VersionResult.valueOf(rs.getString(9).toUpperCase(Locale.ROOT)),
                    Optional.ofNullable(rs.getString(10)));
        } catch (DateTimeParseException | IllegalArgumentException | JsonProcessingException e) {
            throw new StoreException("version " + number + " in " + file + " is unreadable: " + e.getMessage(), e);
        }
    }

    private static String label(VersionResult result) {
        return result.name().toLowerCase(Locale.ROOT);
    }

    // A JSON array, not an object: the order the stack file names its env files is kept by any database.
    private static String encode(Map<String, String> envFiles) {
        List<Map<String, String>> entries = new ArrayList<>();
        envFiles.forEach((path, text) -> entries.add(Map.of("path", path, "text", text)));
        try {
            return EventCodec.mapper().writeValueAsString(entries);
        } catch (JsonProcessingException e) {
            throw new StoreException("could not encode the env files of a version: " + e.getMessage(), e);
        }
    }

    private static Map<String, String> decode(String json) throws JsonProcessingException {
        Map<String, String> envFiles = new LinkedHashMap<>();
        for (Map<String, String> entry : EventCodec.mapper().readValue(json, ENV_FILES)) {
            envFiles.put(entry.get("path"), entry.get("text"));
        }
        return envFiles;
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("version history " + file + " is closed");
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

    @Override
    public String toString() {
        return "SqliteVersionStore[" + file + "]";
    }
}
