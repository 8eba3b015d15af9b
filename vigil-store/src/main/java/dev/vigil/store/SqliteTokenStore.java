package dev.vigil.store;

import dev.vigil.auth.ApiToken;
import dev.vigil.auth.IssuedToken;
import dev.vigil.auth.Role;
import dev.vigil.auth.TokenNameTakenException;
import dev.vigil.auth.TokenStore;
import dev.vigil.auth.Tokens;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * API tokens in the {@code tokens} table of {@code vigil.db}: hashes of secrets, never the secrets. Every
 * authentication reads the table, so a token revoked by another process (the CLI beside a running daemon) stops
 * working at once; the table holds a handful of rows.
 */
public final class SqliteTokenStore implements TokenStore, AutoCloseable {

    private static final int ID_ATTEMPTS = 10;

    private final Path file;
    private final Connection db;
    private final Clock clock;
    private volatile boolean closed;

    private SqliteTokenStore(Path file, Connection db, Clock clock) {
        this.file = file;
        this.db = db;
        this.clock = clock;
    }

    /** Opens the tokens of this database, creating the file and upgrading its schema when needed. */
    public static SqliteTokenStore open(Path dbFile) {
        return open(dbFile, Clock.systemUTC());
    }

    static SqliteTokenStore open(Path dbFile, Clock clock) {
        Path file = dbFile.toAbsolutePath();
        return new SqliteTokenStore(file, Database.openWriter(file, clock), clock);
    }

    public Path file() {
        return file;
    }

    /** @throws TokenNameTakenException when a live token has this name; IllegalArgumentException for a bad name */
    @Override
    public IssuedToken create(String name, Role role) {
        Tokens.checkName(name);
        String secret = Tokens.newSecret();
        synchronized (db) {
            ensureOpen();
            try {
                ApiToken token = Database.inTransaction(db, () -> insert(name, role, Tokens.hash(secret)));
                return new IssuedToken(token, secret);
            } catch (SQLException e) {
                throw new StoreException("could not create token " + name + ": " + e.getMessage(), e);
            }
        }
    }

    // Inside one write transaction: no other process can take the name or the id between the checks and the insert.
    private ApiToken insert(String name, Role role, String hash) throws SQLException {
        if (exists("SELECT 1 FROM tokens WHERE name = ? AND revoked_at IS NULL", name)) {
            throw new TokenNameTakenException(name);
        }
        String id = Tokens.newId();
        // Ids are short (32 bits) to be readable; a clash is rare but possible among many tokens over the years.
        for (int attempt = 1; exists("SELECT 1 FROM tokens WHERE id = ?", id); attempt++) {
            if (attempt == ID_ATTEMPTS) {
                throw new StoreException("could not find a free token id");
            }
            id = Tokens.newId();
        }
        ApiToken token = new ApiToken(id, name, role, clock.instant());
        try (PreparedStatement insert = db.prepareStatement(
                "INSERT INTO tokens (id, name, role, hash, created_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, token.id());
            insert.setString(2, token.name());
            insert.setString(3, token.role().label());
            insert.setString(4, hash);
            insert.setString(5, token.createdAt().toString());
            insert.executeUpdate();
        }
        return token;
    }

    private boolean exists(String sql, String value) throws SQLException {
        try (PreparedStatement select = db.prepareStatement(sql)) {
            select.setString(1, value);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next();
            }
        }
    }

    private record Live(ApiToken token, String hash) {
    }

    @Override
    public Optional<ApiToken> authenticate(String secret) {
        return Tokens.find(secret, live(), Live::hash).map(Live::token);
    }

    @Override
    public List<ApiToken> list() {
        return live().stream().map(Live::token).toList();
    }

    private List<Live> live() {
        synchronized (db) {
            ensureOpen();
            try (PreparedStatement select = db.prepareStatement("SELECT id, name, role, created_at, hash FROM tokens "
                    + "WHERE revoked_at IS NULL ORDER BY rowid");
                 ResultSet rs = select.executeQuery()) {
                List<Live> live = new ArrayList<>();
                while (rs.next()) {
                    // A role this version does not know (written by a newer Vigil) grants nothing here.
                    Optional<Role> role = Role.parse(rs.getString(3));
                    if (role.isPresent()) {
                        live.add(new Live(new ApiToken(rs.getString(1), rs.getString(2), role.get(),
                                Instant.parse(rs.getString(4))), rs.getString(5)));
                    }
                }
                return live;
            } catch (SQLException e) {
                throw new StoreException("could not read tokens: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public boolean revoke(String idOrName) {
        synchronized (db) {
            ensureOpen();
            try {
                // Names cannot look like ids (Tokens.nameProblem), so at most one of the two matches.
                return revokeWhere("id", idOrName) || revokeWhere("name", idOrName);
            } catch (SQLException e) {
                throw new StoreException("could not revoke token " + idOrName + ": " + e.getMessage(), e);
            }
        }
    }

    private boolean revokeWhere(String column, String value) throws SQLException {
        try (PreparedStatement update = db.prepareStatement(
                "UPDATE tokens SET revoked_at = ? WHERE " + column + " = ? AND revoked_at IS NULL")) {
            update.setString(1, clock.instant().toString());
            update.setString(2, value);
            return update.executeUpdate() > 0;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("token store " + file + " is closed");
        }
    }

    /** Test hook: a PRAGMA's value as this store's connection sees it. */
    String pragma(String name) throws SQLException {
        synchronized (db) {
            return Database.pragma(db, name);
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
        return "SqliteTokenStore[" + file + "]";
    }
}
