package dev.vigil.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Brings a database up to the schema this version knows, from the versioned SQL scripts under db/migration. */
final class Migrations {

    static final String DIRECTORY = "db/migration/";

    // Listed, not discovered: a directory inside a jar cannot be listed portably. MigrationsTest fails when a
    // script in the directory is missing here.
    static final List<String> SCRIPTS = List.of(
            "v001__create_events.sql",
            "v002__create_tokens.sql",
            "v003__create_audit.sql",
            "v004__event_causes.sql",
            "v005__create_versions.sql",
            "v006__create_gate.sql",
            "v007__create_alerting.sql");

    private static final Pattern NAME = Pattern.compile("v(\\d{3})__([a-z0-9_]+)\\.sql");

    /** One script; {@code sql} holds statements separated by a semicolon at the end of a line. */
    record Migration(int version, String name, String sql) {
    }

    private final List<Migration> migrations;

    Migrations(List<Migration> migrations) {
        for (int i = 0; i < migrations.size(); i++) {
            if (migrations.get(i).version() != i + 1) {
                throw new IllegalArgumentException("migrations must be numbered 1, 2, 3...; #" + (i + 1)
                        + " is v" + migrations.get(i).version());
            }
        }
        this.migrations = List.copyOf(migrations);
    }

    static Migrations bundled() {
        return fromClasspath(DIRECTORY, SCRIPTS);
    }

    static Migrations fromClasspath(String directory, List<String> files) {
        List<Migration> loaded = new ArrayList<>();
        for (String file : files) {
            Matcher m = NAME.matcher(file);
            if (!m.matches()) {
                throw new IllegalArgumentException("migration " + file + " is not named like v001__what_it_does.sql");
            }
            loaded.add(new Migration(Integer.parseInt(m.group(1)), m.group(2), read(directory + file)));
        }
        return new Migrations(loaded);
    }

    private static String read(String resource) {
        try (InputStream in = Migrations.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("migration " + resource + " is not on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("could not read migration " + resource, e);
        }
    }

    /** The version the last script brings a database to. */
    int latest() {
        return migrations.size();
    }

    /**
     * Applies the scripts newer than the database, with their schema_version rows, in one transaction: a
     * database is either fully upgraded or left as it was. Returns the versions applied.
     *
     * @throws StoreException when the database is newer than the scripts
     */
    List<Integer> apply(Connection db, Instant now) throws SQLException {
        return Database.inTransaction(db, () -> {
            List<Integer> applied = new ArrayList<>();
            try (Statement s = db.createStatement()) {
                s.executeUpdate("CREATE TABLE IF NOT EXISTS schema_version ("
                        + "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)");
            }
            // Read inside the (immediate) transaction, so two processes opening at once cannot both upgrade.
            int current = current(db);
            if (current > latest()) {
                throw new StoreException("database schema v" + current + " is newer than this Vigil (v" + latest()
                        + "); use a newer Vigil or another state directory");
            }
            for (Migration m : migrations.subList(current, migrations.size())) {
                try (Statement s = db.createStatement()) {
                    for (String statement : statements(m.sql())) {
                        s.executeUpdate(statement);
                    }
                }
                try (PreparedStatement record = db.prepareStatement(
                        "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)")) {
                    record.setInt(1, m.version());
                    record.setString(2, m.name());
                    record.setString(3, now.toString());
                    record.executeUpdate();
                }
                applied.add(m.version());
            }
            return applied;
        });
    }

    static int current(Connection db) throws SQLException {
        try (Statement s = db.createStatement();
             ResultSet rs = s.executeQuery("SELECT coalesce(max(version), 0) FROM schema_version")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    // Good enough for DDL scripts; a script that needs a semicolon at a line end inside a statement (a trigger
    // body) would have to teach this more.
    static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\\R")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (trimmed.endsWith(";")) {
                statements.add(current.toString().strip());
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            statements.add(current.toString().strip());
        }
        return statements;
    }
}
