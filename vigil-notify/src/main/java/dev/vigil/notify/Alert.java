package dev.vigil.notify;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * One alert in a notification, as Alertmanager sends it.
 *
 * @param endsAt empty while it fires with no end known (Alertmanager writes {@code 0001-01-01T00:00:00Z})
 */
public record Alert(AlertStatus status, Map<String, String> labels, Map<String, String> annotations, Instant startsAt,
                    Optional<Instant> endsAt, String generatorUrl, String fingerprint) {

    public Alert {
        labels = Map.copyOf(labels);
        annotations = Map.copyOf(annotations);
    }

    public String name() {
        return labels.getOrDefault("alertname", "");
    }
}
