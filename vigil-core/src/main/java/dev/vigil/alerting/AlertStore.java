package dev.vigil.alerting;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What alerting keeps across restarts of Vigil: silences, acknowledgements, what each group last notified, and
 * the state of each alerting rule's alerts (so that {@code for} does not start over and nothing firing is
 * forgotten). Each store's test extends {@code AlertStoreContract}.
 */
public interface AlertStore {

    /** Adds a silence, or replaces the one with its id (an expiry is a replacement with an earlier end). */
    Silence save(Silence silence);

    Optional<Silence> silence(String id);

    /** Every silence ending after {@code since}, soonest start first; older ones are dropped from the store. */
    List<Silence> silences(Instant since);

    /** Adds an acknowledgement, or replaces the one of its alert. */
    Ack save(Ack ack);

    /** The acknowledgements still in force at {@code now}; older ones are dropped. */
    List<Ack> acks(Instant now);

    /** Drops the acknowledgement of an alert (it resolved). */
    void clearAck(String fingerprint);

    void save(NotificationState state);

    List<NotificationState> notificationStates();

    /** Drops what a group told a receiver: the group is gone. */
    void forget(String groupKey, String receiver);

    /** Replaces the alerts kept for {@code rule} (a rule's key: file, group and name) with {@code alerts}. */
    void saveRuleAlerts(String rule, List<RuleAlert> alerts);

    /** Every rule's alerts, by rule key. */
    Map<String, List<RuleAlert>> ruleAlerts();
}
