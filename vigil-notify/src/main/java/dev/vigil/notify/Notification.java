package dev.vigil.notify;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A group of alerts sent to one receiver, with the fields Alertmanager's templates and webhook payload have.
 *
 * @param truncatedAlerts how many alerts were left out of {@code alerts} (e.g. by a webhook's {@code max_alerts})
 * @param affected the services depending on a down service whose alerts are held under this notification's
 */
public record Notification(String receiver, AlertStatus status, List<Alert> alerts, Map<String, String> groupLabels,
                           Map<String, String> commonLabels, Map<String, String> commonAnnotations,
                           String externalUrl, String groupKey, int truncatedAlerts, List<String> affected) {

    /** A notification that names no affected dependents. */
    public Notification(String receiver, AlertStatus status, List<Alert> alerts, Map<String, String> groupLabels,
                        Map<String, String> commonLabels, Map<String, String> commonAnnotations, String externalUrl,
                        String groupKey, int truncatedAlerts) {
        this(receiver, status, alerts, groupLabels, commonLabels, commonAnnotations, externalUrl, groupKey,
                truncatedAlerts, List.of());
    }

    public Notification {
        affected = List.copyOf(affected);
        alerts = List.copyOf(alerts);
        groupLabels = Map.copyOf(groupLabels);
        commonLabels = Map.copyOf(commonLabels);
        commonAnnotations = Map.copyOf(commonAnnotations);
    }

    public List<Alert> firing() {
        return alerts.stream().filter(a -> a.status() == AlertStatus.FIRING).toList();
    }

    public List<Alert> resolved() {
        return alerts.stream().filter(a -> a.status() == AlertStatus.RESOLVED).toList();
    }

    /** The same without its resolved alerts: what a config with {@code send_resolved: false} is sent. */
    public Notification withoutResolved() {
        if (resolved().isEmpty()) {
            return this;
        }
        return new Notification(receiver, status, firing(), groupLabels, commonLabels, commonAnnotations, externalUrl,
                groupKey, truncatedAlerts, affected);
    }

    /** At most {@code max} alerts (0: all), counting the ones left out in {@link #truncatedAlerts}. */
    public Notification truncated(int max) {
        if (max <= 0 || alerts.size() <= max) {
            return this;
        }
        return new Notification(receiver, status, alerts.subList(0, max), groupLabels, commonLabels,
                commonAnnotations, externalUrl, groupKey, truncatedAlerts + alerts.size() - max, affected);
    }

    /** What a dead letter or a log may show: no annotation text, no URL, nothing secret. */
    public String summary() {
        String names = alerts.stream().map(Alert::name).distinct().collect(Collectors.joining(", "));
        return status.text() + " " + groupKey + " alerts=" + (alerts.size() + truncatedAlerts) + " [" + names + "]";
    }
}
