package dev.vigil.alerting.route;

import dev.vigil.time.Scheduler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Routes each alert through the tree and into the group of every route that takes it, creating groups as alerts
 * arrive; each group then notifies on its own timers ({@link AlertGroup}). Empty groups are dropped when an alert
 * next arrives.
 */
public final class Dispatcher implements AutoCloseable {

    private final Route tree;
    private final Scheduler scheduler;
    private final AlertGroup.Muter muter;
    private final Map<String, TimeInterval.Named> timeIntervals;
    private final AlertGroup.Sender sender;
    private final Map<String, AlertGroup> groups = new LinkedHashMap<>();

    public Dispatcher(Route tree, Scheduler scheduler, AlertGroup.Muter muter,
                      Map<String, TimeInterval.Named> timeIntervals, AlertGroup.Sender sender) {
        this.tree = tree;
        this.scheduler = scheduler;
        this.muter = muter;
        this.timeIntervals = Map.copyOf(timeIntervals);
        this.sender = sender;
    }

    public synchronized void receive(Alert alert) {
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
            groups.computeIfAbsent(key, k -> new AlertGroup(route, groupLabels, scheduler, muter, timeIntervals, sender))
                    .insert(alert);
        }
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
