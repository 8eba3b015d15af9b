package dev.vigil.alerting;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one alert group last told its receivers: the alerts notified firing and not yet resolved, when, when this
 * episode was first told, and how many escalation steps have been told. Kept so that a restart of Vigil neither
 * repeats a notification nor loses a resolution.
 */
public record NotificationState(String groupKey, String receiver, Set<String> firing, Instant notifiedAt,
                                Optional<Instant> firstNotifiedAt, int escalated) {

    public NotificationState {
        Objects.requireNonNull(groupKey, "groupKey");
        Objects.requireNonNull(receiver, "receiver");
        firing = Set.copyOf(firing);
        Objects.requireNonNull(notifiedAt, "notifiedAt");
        Objects.requireNonNull(firstNotifiedAt, "firstNotifiedAt");
    }
}
