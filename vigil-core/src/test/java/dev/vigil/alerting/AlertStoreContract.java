package dev.vigil.alerting;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link AlertStore} must do. Each store's test extends this and says how to open one. */
public abstract class AlertStoreContract {

    protected static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    @TempDir
    protected Path dir;

    private AlertStore store;

    /** Opens the store whose data lives in {@code dir}, creating it when missing. */
    protected abstract AlertStore openStore(Path dir);

    /** Whether the data outlives {@link #reopen()} (a store in memory does not). */
    protected boolean durable() {
        return true;
    }

    protected final AlertStore store() {
        if (store == null) {
            store = openStore(dir);
        }
        return store;
    }

    /** Closes the store and opens the same data again, as after a restart of Vigil. */
    protected final AlertStore reopen() throws Exception {
        if (!durable()) {
            return store();
        }
        close();
        return store();
    }

    @AfterEach
    void close() throws Exception {
        if (store instanceof AutoCloseable c) {
            c.close();
        }
        store = null;
    }

    private static Silence silence(String id, String matchers, Instant start, Duration length) {
        return new Silence(id, Matchers.parseAll(matchers), start, start.plus(length), "ana", "migrating \"db\"");
    }

    @Test
    void silencesSurviveARestartAndAnExpiryReplacesOne() throws Exception {
        Silence api = silence("s1", "service=api, env=~\"prod|stage\"", T0, Duration.ofHours(1));
        Silence later = silence("s2", "team!=\"a\\\\b\"", T0.plusSeconds(60), Duration.ofHours(2));
        store().save(later);
        store().save(api);

        AlertStore again = reopen();
        assertThat(again.silences(T0)).containsExactly(api, later);
        assertThat(again.silence("s2")).contains(later);
        again.save(api.expire(T0.plusSeconds(30)));
        assertThat(again.silence("s1").orElseThrow().endsAt()).isEqualTo(T0.plusSeconds(30));
        assertThat(again.silences(T0.plusSeconds(30))).as("ended silences are dropped").containsExactly(later);
        assertThat(again.silence("missing")).isEmpty();
    }

    @Test
    void acknowledgementsLastUntilTheyRunOutOrAreCleared() throws Exception {
        Ack a = new Ack("0123456789abcdef", T0.plus(Duration.ofHours(2)), "ana", "looking at it", T0);
        Ack b = new Ack("fedcba9876543210", T0.plus(Duration.ofMinutes(5)), "bo", "", T0);
        store().save(a);
        store().save(b);
        AlertStore again = reopen();
        assertThat(again.acks(T0)).containsExactlyInAnyOrder(a, b);
        assertThat(again.acks(T0.plus(Duration.ofMinutes(5)))).containsExactly(a);
        Ack longer = new Ack(a.fingerprint(), T0.plus(Duration.ofHours(4)), "ana", "longer", T0.plusSeconds(1));
        again.save(longer);
        assertThat(again.acks(T0)).containsExactly(longer);
        again.clearAck(a.fingerprint());
        assertThat(reopen().acks(T0)).isEmpty();
    }

    @Test
    void notificationStatesAreKeptPerGroupAndReceiver() throws Exception {
        NotificationState oncall = new NotificationState("{}:{alertname=\"Down\"}", "oncall", Set.of("aa", "bb"),
                T0, Optional.of(T0.minusSeconds(600)), 1);
        NotificationState lead = new NotificationState("{}:{alertname=\"Down\"}", "lead", Set.of(), T0, Optional.empty(), 0);
        store().save(oncall);
        store().save(lead);
        NotificationState updated = new NotificationState(oncall.groupKey(), "oncall", Set.of("bb"), T0.plusSeconds(60),
                oncall.firstNotifiedAt(), 2);
        store().save(updated);
        AlertStore again = reopen();
        assertThat(again.notificationStates()).containsExactlyInAnyOrder(updated, lead);
        again.forget(lead.groupKey(), "lead");
        assertThat(reopen().notificationStates()).containsExactly(updated);
    }

    @Test
    void aRulesAlertsAreReplacedAsAWhole() throws Exception {
        RuleAlert pending = new RuleAlert(new TreeMap<>(Map.of("alertname", "Down", "service", "api")),
                Map.of("summary", "api is down"), AlertState.PENDING, 0.0, T0, Optional.empty(), Optional.empty(),
                Optional.empty());
        RuleAlert firing = new RuleAlert(new TreeMap<>(Map.of("alertname", "Down", "service", "web")), Map.of(),
                AlertState.FIRING, Double.NaN, T0, Optional.of(T0.plusSeconds(60)), Optional.empty(),
                Optional.of(T0.plusSeconds(90)));
        store().saveRuleAlerts("rules/a.yml/api/Down", List.of(pending, firing));
        store().saveRuleAlerts("rules/a.yml/api/Other", List.of(pending));
        AlertStore again = reopen();
        assertThat(again.ruleAlerts().get("rules/a.yml/api/Down"))
                .containsExactlyInAnyOrder(pending, firing);
        RuleAlert resolved = new RuleAlert(firing.labels(), firing.annotations(), AlertState.INACTIVE, 1.5, T0,
                firing.firedAt(), Optional.of(T0.plusSeconds(120)), Optional.empty());
        again.saveRuleAlerts("rules/a.yml/api/Down", List.of(resolved));
        again.saveRuleAlerts("rules/a.yml/api/Other", List.of());
        assertThat(reopen().ruleAlerts()).containsOnlyKeys("rules/a.yml/api/Down");
        assertThat(store().ruleAlerts().get("rules/a.yml/api/Down")).containsExactly(resolved);
    }
}
