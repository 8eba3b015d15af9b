package dev.vigil.alerting.route;

import java.util.List;
import java.util.SortedMap;

/**
 * What one flush of a group sends to one receiver: the group's firing alerts that are neither silenced, inhibited
 * nor held under a service they depend on, the alerts resolved since the last notification that had been
 * notified firing, and the services whose alerts are held under these (their dependents that are affected).
 *
 * @param escalation 0 for the route's receiver, n for the n-th escalation step's
 */
public record Notification(String receiver, String groupKey, SortedMap<String, String> groupLabels,
                           List<Alert> firing, List<Alert> resolved, List<String> affected, int escalation) {

    public Notification {
        firing = List.copyOf(firing);
        resolved = List.copyOf(resolved);
        affected = List.copyOf(affected);
    }
}
