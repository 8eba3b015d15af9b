package dev.vigil.store;

import dev.vigil.store.Migrations.Migration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MigrationsTest {

    private static final Instant NOW = Instant.parse("2026-02-03T04:05:06Z");
    private static final Migration CREATE = new Migration(1, "create", """
            -- a comment
            CREATE TABLE a (
                x INTEGER
            );
            INSERT INTO a VALUES (1);
            """);
    private static final Migration ADD = new Migration(2, "add", "INSERT INTO a VALUES (2);");

    @TempDir
    Path dir;
    private Connection db;

    @BeforeEach
    void connect() throws SQLException {
        db = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("test.db"));
    }

    @AfterEach
    void disconnect() throws SQLException {
        db.close();
    }

    @Test
    void everyScriptInTheDirectoryIsListedInOrder() throws URISyntaxException, Exception {
        Path directory = Path.of(getClass().getClassLoader().getResource(Migrations.DIRECTORY).toURI());
        try (Stream<Path> files = Files.list(directory)) {
            assertThat(files.map(f -> f.getFileName().toString()).sorted().toList())
                    .containsExactlyElementsOf(Migrations.SCRIPTS);
        }
        assertThat(Migrations.bundled().latest()).isEqualTo(Migrations.SCRIPTS.size());
    }

    @Test
    void appliesOnlyTheScriptsNewerThanTheDatabase() throws SQLException {
        assertThat(new Migrations(List.of(CREATE)).apply(db, NOW)).containsExactly(1);
        assertThat(new Migrations(List.of(CREATE, ADD)).apply(db, NOW)).containsExactly(2);
        assertThat(new Migrations(List.of(CREATE, ADD)).apply(db, NOW)).isEmpty();

        assertThat(single("SELECT group_concat(x) FROM a")).isEqualTo("1,2");
        assertThat(single("SELECT group_concat(version || ':' || name || ':' || applied_at) FROM schema_version"))
                .isEqualTo("1:create:2026-02-03T04:05:06Z,2:add:2026-02-03T04:05:06Z");
    }

    @Test
    void aFailingScriptLeavesTheDatabaseAsItWas() throws SQLException {
        new Migrations(List.of(CREATE)).apply(db, NOW);
        Migration broken = new Migration(2, "broken", "CREATE TABLE b (y INTEGER);\nINSERT INTO missing VALUES (1);");

        assertThatThrownBy(() -> new Migrations(List.of(CREATE, broken)).apply(db, NOW))
                .isInstanceOf(SQLException.class);

        assertThat(Migrations.current(db)).isEqualTo(1);
        assertThat(single("SELECT count(*) FROM sqlite_master WHERE name = 'b'")).isEqualTo("0");
        assertThat(db.getAutoCommit()).isTrue();
    }

    @Test
    void refusesADatabaseNewerThanTheScripts() throws SQLException {
        new Migrations(List.of(CREATE, ADD)).apply(db, NOW);

        assertThatThrownBy(() -> new Migrations(List.of(CREATE)).apply(db, NOW))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("database schema v2 is newer than this Vigil (v1)");
    }

    @Test
    void scriptsMustBeNumberedWithoutGaps() {
        assertThatThrownBy(() -> new Migrations(List.of(CREATE, new Migration(3, "gap", ""))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("#2 is v3");
        assertThatThrownBy(() -> Migrations.fromClasspath(Migrations.DIRECTORY, List.of("create_events.sql")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void splitsScriptsAtSemicolonsEndingALine() {
        assertThat(Migrations.statements(CREATE.sql()))
                .containsExactly("CREATE TABLE a (\n    x INTEGER\n);", "INSERT INTO a VALUES (1);");
    }

    private String single(String sql) throws SQLException {
        try (Statement s = db.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }
}
