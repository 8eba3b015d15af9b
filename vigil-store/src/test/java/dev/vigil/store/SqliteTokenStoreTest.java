package dev.vigil.store;

import dev.vigil.auth.IssuedToken;
import dev.vigil.auth.Role;
import dev.vigil.auth.TokenStore;
import dev.vigil.auth.TokenStoreContract;
import dev.vigil.auth.Tokens;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SqliteTokenStoreTest extends TokenStoreContract {

    @Override
    protected TokenStore openStore(Path dir) {
        return SqliteTokenStore.open(dir.resolve("vigil.db"));
    }

    private SqliteTokenStore sqlite() {
        return (SqliteTokenStore) store();
    }

    @Test
    void onlyTheHashOfASecretIsStored() throws Exception {
        IssuedToken issued = store().create("grafana", Role.VIEWER);
        sqlite().close();

        try (Connection db = connect(); Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, name, role, hash, revoked_at FROM tokens")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(issued.token().id());
            assertThat(rs.getString(3)).isEqualTo("viewer");
            assertThat(rs.getString(4)).isEqualTo(Tokens.hash(issued.secret()));
            assertThat(rs.getString(5)).isNull();
        }
        String secretPart = issued.secret().substring(Tokens.SECRET_PREFIX.length());
        for (Path file : databaseFiles()) {
            assertThat(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1)).doesNotContain(secretPart);
        }
    }

    @Test
    void aTokenRevokedByAnotherProcessStopsAuthenticatingAtOnce() {
        IssuedToken issued = store().create("ci", Role.OPERATOR);
        assertThat(store().authenticate(issued.secret())).isPresent();

        try (SqliteTokenStore cli = SqliteTokenStore.open(dir.resolve("vigil.db"))) {
            assertThat(cli.revoke("ci")).isTrue();
        }

        assertThat(store().authenticate(issued.secret())).isEmpty();
    }

    @Test
    void aRevokedTokenKeepsItsRow() throws SQLException {
        IssuedToken issued = store().create("old", Role.ADMIN);
        store().revoke("old");

        try (Connection db = connect(); Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT id, revoked_at FROM tokens")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo(issued.token().id());
            assertThat(rs.getString(2)).isNotNull();
        }
    }

    @Test
    void aRoleThisVersionDoesNotKnowGrantsNothing() throws SQLException {
        IssuedToken issued = store().create("future", Role.ADMIN);
        try (Connection db = connect(); Statement s = db.createStatement()) {
            s.executeUpdate("UPDATE tokens SET role = 'superuser'");
        }

        assertThat(store().authenticate(issued.secret())).isEmpty();
        assertThat(store().list()).isEmpty();
    }

    @Test
    void writesAreSyncedAndWaitForOtherWriters() throws SQLException {
        assertThat(sqlite().pragma("journal_mode")).isEqualTo("wal");
        assertThat(sqlite().pragma("synchronous")).isEqualTo("2");
        assertThat(sqlite().pragma("busy_timeout")).isEqualTo(String.valueOf(SqliteEventStore.BUSY_TIMEOUT_MILLIS));
    }

    @Test
    void aClosedStoreRefusesWork() {
        sqlite().close();
        sqlite().close();

        assertThatThrownBy(() -> store().create("x", Role.VIEWER)).isInstanceOf(StoreException.class)
                .hasMessageContaining("closed");
        assertThatThrownBy(() -> store().authenticate("vgl_x")).isInstanceOf(StoreException.class);
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("vigil.db"));
    }

    private List<Path> databaseFiles() throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return new ArrayList<>(files.filter(f -> f.getFileName().toString().startsWith("vigil.db")).toList());
        }
    }
}
