package dev.vigil.alerting.route;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Groups alerts by the stack's dependency graph: while a service is down (it has a firing alert that says so, by
 * default a {@code severity="critical"} alert with its {@code service} label), the alerts of the services that
 * depend on it, directly or not, are held back and named in its notification instead: a database outage is one
 * page naming the five services it took with it, not six pages. The root is the down service none of whose own
 * dependencies is down.
 */
public final class DependencyHolds {

    public static final Predicate<Map<String, String>> CRITICAL = labels -> "critical".equals(labels.get("severity"));

    private final Map<String, Set<String>> dependsOn;
    private final Predicate<Map<String, String>> down;
    // The last firing alerts seen, and the root each held service is held under.
    private Map<String, String> rootOf = Map.of();
    private Map<String, List<Alert>> heldUnder = Map.of();

    /** @param dependsOn each service's direct dependencies ({@code depends_on}) */
    public DependencyHolds(Map<String, Set<String>> dependsOn, Predicate<Map<String, String>> down) {
        Map<String, Set<String>> copy = new HashMap<>();
        dependsOn.forEach((k, v) -> copy.put(k, Set.copyOf(v)));
        this.dependsOn = Map.copyOf(copy);
        this.down = down;
    }

    /** Looks again at what fires: which services are down, and whose alerts they hold. */
    public synchronized void update(Collection<Alert> firing) {
        Set<String> downServices = new HashSet<>();
        for (Alert a : firing) {
            String service = a.labels().get("service");
            if (service != null && down.test(a.labels())) {
                downServices.add(service);
            }
        }
        Map<String, String> roots = new HashMap<>();
        for (String service : allServices(firing)) {
            rootFor(service, downServices).ifPresent(root -> roots.put(service, root));
        }
        Map<String, List<Alert>> held = new HashMap<>();
        for (Alert a : firing) {
            String root = roots.get(a.labels().get("service"));
            if (root != null) {
                held.computeIfAbsent(root, r -> new ArrayList<>()).add(a);
            }
        }
        rootOf = roots;
        heldUnder = held;
    }

    /** The down service an alert with {@code labels} is held under, if any. */
    public synchronized Optional<String> heldUnder(Map<String, String> labels) {
        String service = labels.get("service");
        // An alert without a service label is held under nothing (and immutable maps refuse a null key).
        return service == null ? Optional.empty() : Optional.ofNullable(rootOf.get(service));
    }

    /** The alerts held under {@code service}: what its notification names as affected. */
    public synchronized List<Alert> heldBy(String service) {
        return heldUnder.getOrDefault(service, List.of());
    }

    /** The affected services named for the root alerts among {@code alerts}, sorted. */
    public synchronized List<String> affectedBy(Collection<Alert> alerts) {
        Set<String> out = new TreeSet<>();
        for (Alert a : alerts) {
            String service = a.labels().get("service");
            if (service != null) {
                heldBy(service).forEach(h -> out.add(h.labels().get("service")));
            }
        }
        return List.copyOf(out);
    }

    private Set<String> allServices(Collection<Alert> firing) {
        Set<String> out = new HashSet<>();
        for (Alert a : firing) {
            String s = a.labels().get("service");
            if (s != null) {
                out.add(s);
            }
        }
        return out;
    }

    /**
     * The down service {@code service} is held under: a down dependency (at any depth) that has no down dependency
     * itself, the nearest one first; empty when nothing it depends on is down.
     */
    private Optional<String> rootFor(String service, Set<String> downServices) {
        ArrayDeque<String> queue = new ArrayDeque<>(dependsOn.getOrDefault(service, Set.of()));
        Set<String> seen = new HashSet<>(queue);
        List<String> downFound = new ArrayList<>();
        while (!queue.isEmpty()) {
            String s = queue.poll();
            if (downServices.contains(s)) {
                downFound.add(s);
            }
            for (String next : dependsOn.getOrDefault(s, Set.of())) {
                if (seen.add(next)) {
                    queue.add(next);
                }
            }
        }
        for (String candidate : downFound) {
            if (rootFor(candidate, downServices).isEmpty()) {
                return Optional.of(candidate);
            }
        }
        return downFound.isEmpty() ? Optional.empty() : rootFor(downFound.get(0), downServices);
    }
}
