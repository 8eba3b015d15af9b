package dev.vigil.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.vigil.alerting.Ack;
import dev.vigil.alerting.AlertState;
import dev.vigil.alerting.AlertStore;
import dev.vigil.alerting.Matchers;
import dev.vigil.alerting.NotificationState;
import dev.vigil.alerting.RuleAlert;
import dev.vigil.alerting.Silence;
import dev.vigil.metrics.Matcher;

import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Alerting's state in {@code vigil.db}: a few rows, written when something changes, read when Vigil starts. */
public final class SqliteAlertStore extends SqliteTables implements AlertStore {

    private SqliteAlertStore(Path dbFile) {
        super(dbFile, "alert store");
    }

    /** Opens alerting's tables of this database, creating the file and upgrading its schema when needed. */
    public static SqliteAlertStore open(Path dbFile) {
        return new SqliteAlertStore(dbFile);
    }

    @Override
    public Silence save(Silence s) {
        update("save silence " + s.id(), "INSERT INTO silences (id, matchers, starts_at, ends_at, created_by, comment)"
                        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET matchers = excluded.matchers,"
                        + " starts_at = excluded.starts_at, ends_at = excluded.ends_at, created_by = excluded.created_by,"
                        + " comment = excluded.comment",
                s.id(), json(s.matchers().stream().map(Matcher::toString).toList()), s.startsAt().toString(),
                s.endsAt().toString(), s.createdBy(), s.comment());
        return s;
    }

    @Override
    public Optional<Silence> silence(String id) {
        List<Silence> found = silences("SELECT id, matchers, starts_at, ends_at, created_by, comment FROM silences"
                + " WHERE id = ?", id);
        return found.stream().findFirst();
    }

    @Override
    public List<Silence> silences(Instant since) {
        synchronized (db) {
            update("drop ended silences", "DELETE FROM silences WHERE ends_at <= ?", since.toString());
            List<Silence> all = silences("SELECT id, matchers, starts_at, ends_at, created_by, comment FROM silences");
            all.sort(java.util.Comparator.comparing(Silence::startsAt).thenComparing(Silence::id));
            return all;
        }
    }

    private List<Silence> silences(String sql, Object... args) {
        return query("read silences", sql, rs -> new Silence(rs.getString(1),
                matchers(rs.getString(2), rs.getString(1)), Instant.parse(rs.getString(3)), Instant.parse(rs.getString(4)),
                rs.getString(5), rs.getString(6)), args);
    }

    private static List<Matcher> matchers(String json, String id) {
        List<Matcher> out = new ArrayList<>();
        for (String m : read(json, new TypeReference<List<String>>() { }, "matchers of silence " + id)) {
            out.add(Matchers.parse(m));
        }
        return out;
    }

    @Override
    public Ack save(Ack a) {
        update("save the acknowledgement of " + a.fingerprint(), "INSERT INTO acks (fingerprint, until_at, acked_by,"
                        + " reason, acked_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT (fingerprint) DO UPDATE SET"
                        + " until_at = excluded.until_at, acked_by = excluded.acked_by, reason = excluded.reason,"
                        + " acked_at = excluded.acked_at",
                a.fingerprint(), a.until().toString(), a.by(), a.reason(), a.at().toString());
        return a;
    }

    @Override
    public List<Ack> acks(Instant now) {
        synchronized (db) {
            update("drop acknowledgements run out", "DELETE FROM acks WHERE until_at <= ?", now.toString());
            return query("read acknowledgements", "SELECT fingerprint, until_at, acked_by, reason, acked_at FROM acks"
                    + " ORDER BY acked_at, fingerprint", rs -> new Ack(rs.getString(1), Instant.parse(rs.getString(2)),
                    rs.getString(3), rs.getString(4), Instant.parse(rs.getString(5))));
        }
    }

    @Override
    public void clearAck(String fingerprint) {
        update("clear the acknowledgement of " + fingerprint, "DELETE FROM acks WHERE fingerprint = ?", fingerprint);
    }

    @Override
    public void save(NotificationState s) {
        update("save what " + s.groupKey() + " told " + s.receiver(), "INSERT INTO notification_log (group_key, receiver,"
                        + " firing, notified_at, first_notified_at, escalated) VALUES (?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (group_key, receiver) DO UPDATE SET firing = excluded.firing,"
                        + " notified_at = excluded.notified_at, first_notified_at = excluded.first_notified_at,"
                        + " escalated = excluded.escalated",
                s.groupKey(), s.receiver(), json(s.firing().stream().sorted().toList()), s.notifiedAt().toString(),
                s.firstNotifiedAt().map(Instant::toString).orElse(null), s.escalated());
    }

    @Override
    public List<NotificationState> notificationStates() {
        return query("read the notification log", "SELECT group_key, receiver, firing, notified_at, first_notified_at,"
                + " escalated FROM notification_log ORDER BY group_key, receiver", rs -> new NotificationState(
                rs.getString(1), rs.getString(2), Set.copyOf(read(rs.getString(3), new TypeReference<List<String>>() { },
                "the notification log of " + rs.getString(1))), Instant.parse(rs.getString(4)),
                Optional.ofNullable(rs.getString(5)).map(Instant::parse), rs.getInt(6)));
    }

    @Override
    public void forget(String groupKey, String receiver) {
        update("forget " + groupKey, "DELETE FROM notification_log WHERE group_key = ? AND receiver = ?", groupKey, receiver);
    }

    @Override
    public void saveRuleAlerts(String rule, List<RuleAlert> alerts) {
        synchronized (db) {
            ensureOpen();
            try {
                Database.inTransaction(db, () -> {
                    try (PreparedStatement delete = db.prepareStatement("DELETE FROM rule_alerts WHERE rule = ?")) {
                        delete.setString(1, rule);
                        delete.executeUpdate();
                    }
                    try (PreparedStatement insert = db.prepareStatement("INSERT INTO rule_alerts (rule, labels,"
                            + " annotations, state, value, active_at, fired_at, resolved_at, keep_firing_since)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                        for (RuleAlert a : alerts) {
                            bind(insert, rule, json(a.labels()), json(new TreeMap<>(a.annotations())),
                                    a.state().label(), Double.toString(a.value()), a.activeAt().toString(),
                                    a.firedAt().map(Instant::toString).orElse(null),
                                    a.resolvedAt().map(Instant::toString).orElse(null),
                                    a.keepFiringSince().map(Instant::toString).orElse(null));
                            insert.addBatch();
                        }
                        insert.executeBatch();
                    }
                    return null;
                });
            } catch (SQLException e) {
                throw new StoreException("could not save the alerts of rule " + rule + ": " + e.getMessage(), e);
            }
        }
    }

    @Override
    public Map<String, List<RuleAlert>> ruleAlerts() {
        Map<String, List<RuleAlert>> out = new LinkedHashMap<>();
        List<Map.Entry<String, RuleAlert>> rows = query("read rule alerts", "SELECT rule, labels, annotations, state,"
                + " value, active_at, fired_at, resolved_at, keep_firing_since FROM rule_alerts ORDER BY rule, labels",
                rs -> Map.entry(rs.getString(1), new RuleAlert(
                        new TreeMap<>(read(rs.getString(2), new TypeReference<Map<String, String>>() { }, "rule alert labels")),
                        read(rs.getString(3), new TypeReference<Map<String, String>>() { }, "rule alert annotations"),
                        AlertState.valueOf(rs.getString(4).toUpperCase(Locale.ROOT)), Double.parseDouble(rs.getString(5)),
                        Instant.parse(rs.getString(6)), instant(rs.getString(7)), instant(rs.getString(8)),
                        instant(rs.getString(9)))));
        rows.forEach(e -> out.computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(e.getValue()));
        return out;
    }

    private static Optional<Instant> instant(String text) {
        return Optional.ofNullable(text).map(Instant::parse);
    }

    private interface Row<T> {
        T of(ResultSet rs) throws SQLException;
    }

    private <T> List<T> query(String what, String sql, Row<T> row, Object... args) {
        synchronized (db) {
            ensureOpen();
            try (PreparedStatement select = db.prepareStatement(sql)) {
                bind(select, args);
                try (ResultSet rs = select.executeQuery()) {
                    List<T> out = new ArrayList<>();
                    while (rs.next()) {
                        out.add(row.of(rs));
                    }
                    return out;
                }
            } catch (SQLException e) {
                throw new StoreException("could not " + what + ": " + e.getMessage(), e);
            }
        }
    }

    private void update(String what, String sql, Object... args) {
        synchronized (db) {
            ensureOpen();
            try (PreparedStatement statement = db.prepareStatement(sql)) {
                bind(statement, args);
                statement.executeUpdate();
            } catch (SQLException e) {
                throw new StoreException("could not " + what + ": " + e.getMessage(), e);
            }
        }
    }

    private static void bind(PreparedStatement statement, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            statement.setObject(i + 1, args[i]);
        }
    }

    private static String json(Object value) {
        try {
            return EventCodec.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new StoreException("cannot encode " + value + ": " + e.getMessage(), e);
        }
    }

    private static <T> T read(String json, TypeReference<T> type, String what) {
        try {
            return EventCodec.mapper().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("unreadable " + what + ": " + e.getOriginalMessage(), e);
        }
    }
}
