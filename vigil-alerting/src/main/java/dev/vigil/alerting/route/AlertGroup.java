package dev.vigil.alerting.route;

import dev.vigil.alerting.TimeInterval;
import dev.vigil.alerting.EscalationStep;

import dev.vigil.alerting.NotificationState;
import dev.vigil.time.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.function.Function;

/**
 * The alerts one route gathers under one set of group labels, and when they are notified, as Alertmanager's
 * aggregation groups do: the first notification {@code group_wait} after the first alert (at once for an alert that
 * already fired longer than that), then a look every {@code group_interval} that notifies when an alert that was
 * not notified fires, a notified alert resolved, or {@code repeat_interval} passed since the last notification.
 * Silenced, inhibited and held alerts are left out of the firing ones (an alert that returns from a silence still
 * firing is told again at the next repeat, as in Alertmanager), but every alert notified firing gets its resolved
 * notification, silenced since or not. A route muted by a time interval, or outside its active ones, sends nothing
 * until it is not. A notification that fails is tried again at the next look, nothing forgotten.
 *
 * <p>Beyond Alertmanager: a dependent newly held under the group's down service is told (the notification names
 * the affected); acknowledged alerts are not repeated (new ones still are told); and while the firing
 * alerts are not all acknowledged, each escalation step's receiver is told too once its {@code after} has passed
 * since the first notification, and from then on hears what the route's receiver hears, resolutions included.
 */
public final class AlertGroup {

    /** Sends a notification; false when it could not be delivered (it is tried again at the next look). */
    public interface Sender {
        boolean send(Notification notification);
    }

    /** Whether an alert is kept from notifications now: silenced, inhibited or held. */
    public interface Muter {
        boolean mutes(Map<String, String> labels, Instant now);

        Muter NONE = (labels, now) -> false;
    }

    /** Whether an alert (by fingerprint) is acknowledged now. */
    public interface Acks {
        boolean acked(String fingerprint, Instant now);

        Acks NONE = (fingerprint, now) -> false;
    }

    /** Whether the named time interval (or maintenance window) covers an instant; unknown names cover nothing. */
    public interface TimeIntervals {
        boolean contains(String name, Instant at);

        static TimeIntervals of(Map<String, TimeInterval.Named> named) {
            Map<String, TimeInterval.Named> copy = Map.copyOf(named);
            return (name, at) -> copy.containsKey(name) && copy.get(name).contains(at);
        }
    }

    /** What every group of a dispatcher shares. */
    public record Context(Scheduler scheduler, Muter muter, TimeIntervals timeIntervals,
                          Sender sender, Acks acks, Map<String, List<EscalationStep>> escalations,
                          Function<Collection<Alert>, List<String>> affected, NotificationLog log) {

        public Context {
            escalations = Map.copyOf(escalations);
        }

        public static Context of(Scheduler scheduler, Muter muter, Map<String, TimeInterval.Named> timeIntervals,
                                 Sender sender) {
            return new Context(scheduler, muter, TimeIntervals.of(timeIntervals), sender, Acks.NONE, Map.of(), alerts -> List.of(),
                    NotificationLog.NONE);
        }
    }

    private final Route route;
    private final SortedMap<String, String> groupLabels;
    private final String groupKey;
    private final Context context;
    private final List<EscalationStep> escalation;
    private final Map<String, Alert> alerts = new LinkedHashMap<>();
    private boolean flushed;
    private Scheduler.Cancellable timer;
    private boolean stopped;
    // The alerts notified firing and not yet notified resolved (silenced since or not), and the last delivery.
    private final Set<String> notifiedFiring = new HashSet<>();
    private Instant notifiedAt;
    // The first notification of the alerts firing now, and how many escalation steps have been told since.
    private Instant firstNotifiedAt;
    private int escalated;
    // The dependents named as affected in the last notification; null until known (after a restart: the first look).
    private Set<String> toldAffected = new HashSet<>();

    AlertGroup(Route route, SortedMap<String, String> groupLabels, Context context) {
        this.route = route;
        this.groupLabels = groupLabels;
        this.groupKey = route.key() + ":" + Route.labelSet(groupLabels);
        this.context = context;
        List<EscalationStep> steps = context.escalations().getOrDefault(route.receiver(), List.of());
        // A chain's first step is the route's receiver itself when it names it with no delay.
        this.escalation = !steps.isEmpty() && steps.get(0).receiver().equals(route.receiver())
                ? steps.subList(1, steps.size()) : steps;
        context.log().find(groupKey, route.receiver()).ifPresent(told -> {
            notifiedFiring.addAll(told.firing());
            notifiedAt = told.notifiedAt();
            firstNotifiedAt = told.firstNotifiedAt().orElse(null);
            escalated = Math.min(told.escalated(), escalation.size());
            flushed = true; // told before the restart: no group_wait, the next look comes at its interval
            toldAffected = null; // not kept: taken as told at the first look, rather than told twice
        });
        // The first timer starts with the first alert (insert): a flush before it would find nothing and count as
        // the first, leaving the alert to wait a whole group_interval.
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
        if (stopped) {
            return;
        }
        boolean due = !flushed && !alert.startsAt().plus(route.groupWait()).isAfter(context.scheduler().now());
        if (timer == null) {
            timer = context.scheduler().schedule(due ? Duration.ZERO : flushed ? route.groupInterval()
                    : route.groupWait(), this::flush);
        } else if (due) {
            timer.cancel();
            timer = context.scheduler().schedule(Duration.ZERO, this::flush);
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
        stopped = true;
        if (timer != null) {
            timer.cancel();
        }
    }

    private void flush() {
        synchronized (this) {
            if (stopped) {
                return;
            }
            flushed = true;
            Instant now = context.scheduler().now();
            if (!muted(now)) {
                notifyIfNeeded(now);
            }
            timer = context.scheduler().schedule(route.groupInterval(), this::flush);
        }
    }

    private boolean muted(Instant now) {
        for (String name : route.muteTimeIntervals()) {
            if (context.timeIntervals().contains(name, now)) {
                return true;
            }
        }
        if (route.activeTimeIntervals().isEmpty()) {
            return false;
        }
        for (String name : route.activeTimeIntervals()) {
            if (context.timeIntervals().contains(name, now)) {
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
            } else if (!context.muter().mutes(a.labels(), now)) {
                firing.add(a);
            }
        }
        Set<String> firingKeys = new HashSet<>();
        firing.forEach(a -> firingKeys.add(a.fingerprint()));
        boolean newFiring = !notifiedFiring.containsAll(firingKeys);
        boolean allAcked = !firing.isEmpty() && firing.stream().allMatch(a -> context.acks().acked(a.fingerprint(), now));
        boolean repeat = !firing.isEmpty() && !allAcked && notifiedAt != null
                && !now.isBefore(notifiedAt.plus(route.repeatInterval(firing.stream().map(Alert::labels).toList())));
        int dueSteps = escalated;
        if (firstNotifiedAt != null && !firing.isEmpty() && !allAcked) {
            while (dueSteps < escalation.size()
                    && !now.isBefore(firstNotifiedAt.plus(escalation.get(dueSteps).after()))) {
                dueSteps++;
            }
        }
        boolean escalate = dueSteps > escalated;
        List<String> affected = context.affected().apply(firing);
        if (toldAffected == null) {
            toldAffected = new HashSet<>(affected);
        }
        // A dependent newly held under this group's down service is news: the notification names it.
        boolean newAffected = !firing.isEmpty() && !toldAffected.containsAll(affected);
        if (newFiring || !resolved.isEmpty() || repeat || escalate || newAffected) {
            if (!sendAll(firing, resolved, affected, Math.max(dueSteps, escalated))) {
                return;
            }
            notifiedFiring.addAll(firingKeys);
            resolved.forEach(a -> notifiedFiring.remove(a.fingerprint()));
            notifiedAt = now;
            escalated = dueSteps;
            toldAffected = new HashSet<>(affected);
            if (firstNotifiedAt == null && !firing.isEmpty()) {
                firstNotifiedAt = now;
            }
            context.log().save(new NotificationState(groupKey, route.receiver(), notifiedFiring, notifiedAt,
                    java.util.Optional.ofNullable(firstNotifiedAt), escalated));
        }
        // Resolved alerts were said (or never needed saying): they leave the group.
        alerts.values().removeIf(a -> a.resolved(now));
        if (notifiedFiring.isEmpty() && firing.isEmpty()) {
            firstNotifiedAt = null; // the next firing starts a new episode, escalation from its first step
            escalated = 0;
            toldAffected = new HashSet<>();
            if (notifiedAt != null) {
                context.log().forget(groupKey, route.receiver());
            }
        }
    }

    /** To the route's receiver and the escalation steps reached; true when every one took it. */
    private boolean sendAll(List<Alert> firing, List<Alert> resolved, List<String> affected, int steps) {
        boolean all = context.sender().send(new Notification(route.receiver(), groupKey, groupLabels, firing, resolved,
                affected, 0));
        for (int i = 0; i < steps; i++) {
            all &= context.sender().send(new Notification(escalation.get(i).receiver(), groupKey, groupLabels, firing,
                    resolved, affected, i + 1));
        }
        return all;
    }
}
