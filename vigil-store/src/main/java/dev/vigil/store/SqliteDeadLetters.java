package dev.vigil.store;

import dev.vigil.notify.DeadLetter;
import dev.vigil.notify.DeadLetters;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The dead-letter list in {@code vigil.db}. */
public final class SqliteDeadLetters extends SqliteTables implements DeadLetters {

    private static final String COLUMNS = "id, receiver, config_index, kind, summary, error, attempts, at";

    private SqliteDeadLetters(Path dbFile) {
        super(dbFile, "dead letters");
    }

    public static SqliteDeadLetters open(Path dbFile) {
        return new SqliteDeadLetters(dbFile);
    }

    @Override
    public DeadLetter add(DeadLetter l) {
        synchronized (db) {
            ensureOpen();
            try (PreparedStatement insert = db.prepareStatement("INSERT INTO dead_letters (receiver, config_index, kind,"
                    + " summary, error, attempts, at) VALUES (?, ?, ?, ?, ?, ?, ?)", Statement.RETURN_GENERATED_KEYS)) {
                insert.setString(1, l.receiver());
                insert.setInt(2, l.configIndex());
                insert.setString(3, l.kind());
                insert.setString(4, l.summary());
                insert.setString(5, l.error());
                insert.setInt(6, l.attempts());
                insert.setString(7, l.at().toString());
                insert.executeUpdate();
                try (ResultSet keys = insert.getGeneratedKeys()) {
                    keys.next();
                    return l.withId(keys.getLong(1));
                }
            } catch (SQLException e) {
                throw new StoreException("could not store a dead letter for " + l.receiver() + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public List<DeadLetter> list(int limit) {
        return select("SELECT " + COLUMNS + " FROM dead_letters ORDER BY id DESC LIMIT ?", Math.max(0, limit));
    }

    @Override
    public Optional<DeadLetter> get(long id) {
        return select("SELECT " + COLUMNS + " FROM dead_letters WHERE id = ?", id).stream().findFirst();
    }

    @Override
    public boolean remove(long id) {
        synchronized (db) {
            ensureOpen();
            try (PreparedStatement delete = db.prepareStatement("DELETE FROM dead_letters WHERE id = ?")) {
                delete.setLong(1, id);
                return delete.executeUpdate() > 0;
            } catch (SQLException e) {
                throw new StoreException("could not remove dead letter " + id + ": " + e.getMessage(), e);
            }
        }
    }

    private List<DeadLetter> select(String sql, long arg) {
        synchronized (db) {
            ensureOpen();
            try (PreparedStatement select = db.prepareStatement(sql)) {
                select.setLong(1, arg);
                try (ResultSet rs = select.executeQuery()) {
                    List<DeadLetter> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(new DeadLetter(rs.getLong(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getInt(7), Instant.parse(rs.getString(8))));
                    }
                    return out;
                }
            } catch (SQLException e) {
                throw new StoreException("could not read dead letters: " + e.getMessage(), e);
            }
        }
    }
}
