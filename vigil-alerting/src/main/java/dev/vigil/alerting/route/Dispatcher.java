package dev.vigil.alerting.route;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * Routes each alert through the tree and into the group of every route that takes it, creating groups as alerts
 * arrive; each group then notifies on its own timers ({@link AlertGroup}). With dependency holds, the alerts of
 * services that depend on a down service are muted and named in the down service's notification. Empty groups
 * are dropped when an alert next arrives.
 */
public final class Dispatcher implements AutoCloseable {

    private final Route tree;
    private final AlertGroup.Context context;
    private final Optional<DependencyHolds> holds;
    private final Map<String, AlertGroup> groups = new LinkedHashMap<>();
    // Every alert's latest state, for the holds: read by groups as they flush, without taking any group's lock.
    private final Map<String, Alert> latest = new java.util.concurrent.ConcurrentHashMap<>();

    public Dispatcher(Route tree, AlertGroup.Context context, Optional<DependencyHolds> holds) {
        this.tree = tree;
        this.holds = holds;
        AlertGroup.Muter own = context.muter();
        AlertGroup.Muter muter = holds.isEmpty() ? own : (labels, now) -> {
            refreshHolds(now);
            return own.mutes(labels, now) || holds.get().heldUnder(labels).isPresent();
        };
        this.context = new AlertGroup.Context(context.scheduler(), muter, context.timeIntervals(), context.sender(),
                context.acks(), context.escalations(),
                holds.isEmpty() ? context.affected() : alerts -> holds.get().affectedBy(alerts), context.log());
    }

    public synchronized void receive(Alert alert) {
        latest.put(alert.fingerprint(), alert);
        received.incrementAndGet();
        groups.values().removeIf(g -> {
            boolean empty = g.isEmpty();
            if (empty) {
                g.stop();
            }
            return empty;
        });
        for (Route route : tree.match(alert.labels())) {
            SortedMap<String, String> groupLabels = route.groupLabels(alert.labels());
            String key = route.id() + ":" + Route.labelSet(groupLabels);
            groups.computeIfAbsent(key, k -> new AlertGroup(route, groupLabels, context)).insert(alert);
        }
    }

    // When the holds were last worked out: once per instant is enough, however many alerts ask at that instant.
    private volatile Instant holdsAt = Instant.MIN;
    private volatile long holdsSeen = -1;
    private final java.util.concurrent.atomic.AtomicLong received = new java.util.concurrent.atomic.AtomicLong();

    private void refreshHolds(Instant now) {
        long version = received.get();
        if (now.equals(holdsAt) && version == holdsSeen) {
            return;
        }
        holdsAt = now;
        holdsSeen = version;
        List<Alert> firing = new ArrayList<>();
        latest.values().removeIf(a -> a.resolved(now));
        firing.addAll(latest.values());
        holds.orElseThrow().update(firing);
    }

    /** The groups holding alerts now. */
    public synchronized List<AlertGroup> groups() {
        List<AlertGroup> out = new ArrayList<>();
        for (AlertGroup g : groups.values()) {
            if (!g.isEmpty()) {
                out.add(g);
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        groups.values().forEach(AlertGroup::stop);
        groups.clear();
    }
}
