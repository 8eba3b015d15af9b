package dev.vigil.store;

import dev.vigil.event.Cause;
import dev.vigil.event.EventQuery;
import dev.vigil.event.ServiceEvent.ActionRequested;
import dev.vigil.event.ServiceEvent.RestartScheduled;
import dev.vigil.event.StoredEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A database written before causes were a closed set reads with a cause on every restart and action. */
class EventCausesMigrationTest {

    @TempDir
    Path dir;

    @Test
    void oldRestartsGetTheirCauseFromTheirTextAndOldActionsAreTheOperators() throws Exception {
        Path db = dir.resolve("vigil.db");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            Migrations.fromClasspath(Migrations.DIRECTORY, Migrations.SCRIPTS.subList(0, 3)).apply(c, Instant.EPOCH);
            try (Statement s = c.createStatement()) {
                for (String cause : List.of("exited with code 3", "unhealthy: http http://x/: 503 in 2ms",
                        "still unhealthy 5s after send SIGHUP", "memory limit exceeded",
                        "definition changed since it started: command changed", "could not start: not found")) {
                    s.executeUpdate("INSERT INTO events (at_ms, service, type, message, payload) VALUES (0, 'api',"
                            + " 'RestartScheduled', 'm', json_object('at', '1970-01-01T00:00:00Z', 'service', 'api',"
                            + " 'cause', '" + cause + "', 'attempt', 1, 'delayMillis', 0, 'restartsInWindow', 1,"
                            + " 'window', '5m'))");
                }
                s.executeUpdate("INSERT INTO events (at_ms, service, type, message, payload) VALUES (0, 'web',"
                        + " 'ActionRequested', 'm', json_object('at', '1970-01-01T00:00:00Z', 'service', 'web',"
                        + " 'action', 'restart', 'actor', 'ops', 'reason', 'cert'))");
            }
        }

        try (SqliteEventStore store = SqliteEventStore.open(db)) {
            List<StoredEvent> all = store.query(EventQuery.all());
            assertThat(all).extracting(StoredEvent::event).hasSize(7).doesNotContainNull();
            assertThat(all.subList(0, 6)).extracting(e -> (RestartScheduled) e.event())
                    .extracting(RestartScheduled::cause, RestartScheduled::reason)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(Cause.CRASH, "exited with code 3"),
                            org.assertj.core.groups.Tuple.tuple(Cause.UNHEALTHY, "unhealthy: http http://x/: 503 in 2ms"),
                            org.assertj.core.groups.Tuple.tuple(Cause.UNHEALTHY, "still unhealthy 5s after send SIGHUP"),
                            org.assertj.core.groups.Tuple.tuple(Cause.MEMORY, "memory limit exceeded"),
                            org.assertj.core.groups.Tuple.tuple(Cause.DRIFT,
                                    "definition changed since it started: command changed"),
                            org.assertj.core.groups.Tuple.tuple(Cause.CRASH, "could not start: not found"));
            assertThat(((ActionRequested) all.get(6).event()).cause()).isEqualTo(Cause.OPERATOR);
            assertThat(store.query(EventQuery.all().causes(Set.of(Cause.UNHEALTHY, Cause.OPERATOR)))).hasSize(3);
        }
    }
}
