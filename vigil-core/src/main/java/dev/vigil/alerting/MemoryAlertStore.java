package dev.vigil.alerting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An {@link AlertStore} in memory: for tests and for a Vigil run without a state directory. */
public final class MemoryAlertStore implements AlertStore {

    private final Map<String, Silence> silences = new LinkedHashMap<>();
    private final Map<String, Ack> acks = new LinkedHashMap<>();
    private final Map<String, NotificationState> states = new LinkedHashMap<>();
    private final Map<String, List<RuleAlert>> rules = new LinkedHashMap<>();

    @Override
    public synchronized Silence save(Silence silence) {
        silences.put(silence.id(), silence);
        return silence;
    }

    @Override
    public synchronized Optional<Silence> silence(String id) {
        return Optional.ofNullable(silences.get(id));
    }

    @Override
    public synchronized List<Silence> silences(Instant since) {
        silences.values().removeIf(s -> !s.endsAt().isAfter(since));
        List<Silence> out = new ArrayList<>(silences.values());
        out.sort(Comparator.comparing(Silence::startsAt).thenComparing(Silence::id));
        return out;
    }

    @Override
    public synchronized Ack save(Ack ack) {
        acks.put(ack.fingerprint(), ack);
        return ack;
    }

    @Override
    public synchronized List<Ack> acks(Instant now) {
        acks.values().removeIf(a -> !a.activeAt(now));
        return List.copyOf(acks.values());
    }

    @Override
    public synchronized void clearAck(String fingerprint) {
        acks.remove(fingerprint);
    }

    @Override
    public synchronized void save(NotificationState state) {
        states.put(state.groupKey() + "\u0000" + state.receiver(), state);
    }

    @Override
    public synchronized List<NotificationState> notificationStates() {
        return List.copyOf(states.values());
    }

    @Override
    public synchronized void forget(String groupKey, String receiver) {
        states.remove(groupKey + "\u0000" + receiver);
    }

    @Override
    public synchronized void saveRuleAlerts(String rule, List<RuleAlert> alerts) {
        if (alerts.isEmpty()) {
            rules.remove(rule);
        } else {
            rules.put(rule, List.copyOf(alerts));
        }
    }

    @Override
    public synchronized Map<String, List<RuleAlert>> ruleAlerts() {
        return Map.copyOf(rules);
    }
}
