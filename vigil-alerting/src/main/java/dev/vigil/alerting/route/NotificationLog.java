package dev.vigil.alerting.route;

import dev.vigil.alerting.AlertStore;
import dev.vigil.alerting.NotificationState;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What each group last told its receiver, kept so that a restart of Vigil neither repeats a notification nor loses
 * a resolution: read once when Vigil starts, written through on every change.
 */
public interface NotificationLog {

    Optional<NotificationState> find(String groupKey, String receiver);

    void save(NotificationState state);

    void forget(String groupKey, String receiver);

    /** Nothing kept: a restart starts from nothing told. */
    NotificationLog NONE = new NotificationLog() {
        @Override
        public Optional<NotificationState> find(String groupKey, String receiver) {
            return Optional.empty();
        }

        @Override
        public void save(NotificationState state) {
        }

        @Override
        public void forget(String groupKey, String receiver) {
        }
    };

    /** Kept in {@code store}. */
    static NotificationLog of(AlertStore store) {
        Map<String, NotificationState> known = new ConcurrentHashMap<>();
        for (NotificationState s : store.notificationStates()) {
            known.put(s.groupKey() + "\u0000" + s.receiver(), s);
        }
        return new NotificationLog() {
            @Override
            public Optional<NotificationState> find(String groupKey, String receiver) {
                return Optional.ofNullable(known.get(groupKey + "\u0000" + receiver));
            }

            @Override
            public void save(NotificationState state) {
                store.save(state);
                known.put(state.groupKey() + "\u0000" + state.receiver(), state);
            }

            @Override
            public void forget(String groupKey, String receiver) {
                if (known.remove(groupKey + "\u0000" + receiver) != null) {
                    store.forget(groupKey, receiver);
                }
            }
        };
    }
}
