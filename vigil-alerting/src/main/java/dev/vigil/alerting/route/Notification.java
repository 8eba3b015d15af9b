package dev.vigil.alerting.route;

import java.util.List;
import java.util.SortedMap;

/**
 * What one flush of a group sends to its receiver: the group's firing alerts that are neither silenced nor
 * inhibited, and the alerts resolved since the last notification that had been notified firing.
 */
public record Notification(String receiver, String groupKey, SortedMap<String, String> groupLabels,
                           List<Alert> firing, List<Alert> resolved) {

    public Notification {
        firing = List.copyOf(firing);
        resolved = List.copyOf(resolved);
    }
}
