package dev.vigil.alerting.route;

import dev.vigil.time.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;

/**
 * The alerts one route gathers under one set of group labels, and when they are notified, as Alertmanager's
 * aggregation groups do: the first notification {@code group_wait} after the first alert (at once for an alert that
 * already fired longer than that), then a look every {@code group_interval} that notifies when an alert that was
 * not notified fires, a notified alert resolved, or {@code repeat_interval} passed since the last notification.
 * Silenced and inhibited alerts are left out of the firing ones (an alert that returns from a silence still firing is
 * told again at the next repeat, as in Alertmanager), but every alert notified firing gets its resolved notification,
 * silenced since or not. A route muted by a time interval, or outside its active ones, sends nothing until it is
 * not. A notification that fails is tried again at the next look, nothing forgotten.
 */
public final class AlertGroup {

    /** Sends a notification; false when it could not be delivered (it is tried again at the next look). */
    public interface Sender {
        boolean send(Notification notification);
    }

    /** Whether an alert is kept from notifications now: silenced or inhibited. */
    public interface Muter {
        boolean mutes(Map<String, String> labels, Instant now);

        Muter NONE = (labels, now) -> false;
    }

    private final Route route;
    private final SortedMap<String, String> groupLabels;
    private final String groupKey;
    private final Scheduler scheduler;
    private final Muter muter;
    private final Map<String, TimeInterval.Named> timeIntervals;
    private final Sender sender;
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private boolean flushed;
    private Scheduler.Cancellable timer;
    // The alerts notified firing and not yet notified resolved (silenced since or not), and the last delivery.
    private final Set<String> notifiedFiring = new HashSet<>();
    private Instant notifiedAt;

    AlertGroup(Route route, SortedMap<String, String> groupLabels, Scheduler scheduler, Muter muter,
               Map<String, TimeInterval.Named> timeIntervals, Sender sender) {
        this.route = route;
        this.groupLabels = groupLabels;
        this.groupKey = route.key() + ":" + Route.labelSet(groupLabels);
        this.scheduler = scheduler;
        this.muter = muter;
        this.timeIntervals = timeIntervals;
        this.sender = sender;
        this.timer = scheduler.schedule(route.groupWait(), this::flush);
    }

    public String groupKey() {
        return groupKey;
    }

    public Route route() {
        return route;
    }

    /** Adds or updates an alert (by its labels). */
    public synchronized void insert(Alert alert) {
        alerts.put(alert.fingerprint(), alert);
        if (!flushed && !alert.startsAt().plus(route.groupWait()).isAfter(scheduler.now())) {
            timer.cancel();
            timer = scheduler.schedule(Duration.ZERO, this::flush);
        }
    }

    public synchronized List<Alert> alerts() {
        return List.copyOf(alerts.values());
    }

    public synchronized boolean isEmpty() {
        return alerts.isEmpty();
    }

    /** Stops its timer: the group is dropped (its route left the tree, or Vigil stops). */
    public synchronized void stop() {
        timer.cancel();
    }

    private void flush() {
        synchronized (this) {
            flushed = true;
            Instant now = scheduler.now();
            if (!muted(now)) {
                notifyIfNeeded(now);
            }
            timer = scheduler.schedule(route.groupInterval(), this::flush);
        }
    }

    private boolean muted(Instant now) {
        for (String name : route.muteTimeIntervals()) {
            TimeInterval.Named interval = timeIntervals.get(name);
            if (interval != null && interval.contains(now)) {
                return true;
            }
        }
        if (route.activeTimeIntervals().isEmpty()) {
            return false;
        }
        for (String name : route.activeTimeIntervals()) {
            TimeInterval.Named interval = timeIntervals.get(name);
            if (interval != null && interval.contains(now)) {
                return false;
            }
        }
        return true;
    }

    private void notifyIfNeeded(Instant now) {
        List<Alert> firing = new ArrayList<>();
        List<Alert> resolved = new ArrayList<>();
        for (Alert a : alerts.values()) {
            if (a.resolved(now)) {
                if (notifiedFiring.contains(a.fingerprint())) {
                    resolved.add(a);
                }
            } else if (!muter.mutes(a.labels(), now)) {
                firing.add(a);
            }
        }
        Set<String> firingKeys = new HashSet<>();
        firing.forEach(a -> firingKeys.add(a.fingerprint()));
        boolean newFiring = !notifiedFiring.containsAll(firingKeys);
        boolean repeat = !firing.isEmpty() && notifiedAt != null
                && !now.isBefore(notifiedAt.plus(route.repeatInterval(firing.stream().map(Alert::labels).toList())));
        if (newFiring || !resolved.isEmpty() || repeat) {
            if (!sender.send(new Notification(route.receiver(), groupKey, groupLabels, firing, resolved))) {
                return;
            }
            notifiedFiring.addAll(firingKeys);
            resolved.forEach(a -> notifiedFiring.remove(a.fingerprint()));
            notifiedAt = now;
        }
        // Resolved alerts were said (or never needed saying): they leave the group.
        alerts.values().removeIf(a -> a.resolved(now));
    }
}
