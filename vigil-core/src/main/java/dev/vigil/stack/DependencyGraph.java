package dev.vigil.stack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The checks of {@code depends_on} that need every service: unknown names, self-dependency, cycles, healthy without probes. */
final class DependencyGraph {

    private final Map<String, ServiceDraft> services = new LinkedHashMap<>();
    private final Map<String, Integer> order = new HashMap<>();
    private final NodeReader reader;

    DependencyGraph(List<ServiceDraft> drafts, NodeReader reader) {
        for (ServiceDraft d : drafts) {
            order.put(d.name(), services.size());
            services.put(d.name(), d);
        }
        this.reader = reader;
    }

    void check() {
        for (ServiceDraft service : services.values()) {
            Set<String> seen = new HashSet<>();
            for (ServiceDraft.Ref ref : service.dependencies()) {
                checkRef(service, ref, seen);
            }
        }
        reportCycles();
    }

    private void checkRef(ServiceDraft service, ServiceDraft.Ref ref, Set<String> seen) {
        String target = ref.dependency().service();
        if (!seen.add(target)) {
            reader.problem(ref.node(), ref.path(), "`" + target + "` is listed more than once");
        } else if (target.equals(service.name())) {
            reader.problem(ref.node(), ref.path(), "a service cannot depend on itself");
        } else if (!services.containsKey(target)) {
            String hint = Suggestions.closest(target, services.keySet())
                    .map(s -> "; did you mean `" + s + "`?")
                    .orElseGet(() -> "; services are " + String.join(", ", services.keySet()));
            reader.problem(ref.node(), ref.path(), "unknown service `" + target + "`" + hint);
        } else if (ref.dependency().condition() == Dependency.Condition.HEALTHY && !services.get(target).declaresHealth()) {
            reader.problem(ref.node(), ref.path(), "`" + target
                    + "` has no health probes, so it can never be healthy; add `health` to it or use `started`");
        }
    }

    /** Reports each cycle once, starting from its first-declared service, at that service's edge into the cycle. */
    private void reportCycles() {
        Set<String> done = new HashSet<>();
        Set<String> reported = new HashSet<>();
        for (String start : services.keySet()) {
            visit(start, new ArrayList<>(), done, reported);
        }
    }

    private void visit(String name, List<String> stack, Set<String> done, Set<String> reported) {
        if (done.contains(name)) {
            return;
        }
        int onStack = stack.indexOf(name);
        if (onStack >= 0) {
            report(new ArrayList<>(stack.subList(onStack, stack.size())), reported);
            return;
        }
        stack.add(name);
        for (String next : edges(name)) {
            visit(next, stack, done, reported);
        }
        stack.remove(stack.size() - 1);
        done.add(name);
    }

    private List<String> edges(String name) {
        return services.get(name).dependencies().stream()
                .map(r -> r.dependency().service())
                .filter(t -> !t.equals(name) && services.containsKey(t))
                .distinct()
                .toList();
    }

    private void report(List<String> cycle, Set<String> reported) {
        int first = 0;
        for (int i = 1; i < cycle.size(); i++) {
            if (order.get(cycle.get(i)) < order.get(cycle.get(first))) {
                first = i;
            }
        }
        List<String> rotated = new ArrayList<>(cycle.subList(first, cycle.size()));
        rotated.addAll(cycle.subList(0, first));
        rotated.add(rotated.get(0));
        String text = String.join(" -> ", rotated);
        if (!reported.add(text)) {
            return;
        }
        String from = rotated.get(0);
        String to = rotated.get(1);
        ServiceDraft.Ref edge = services.get(from).dependencies().stream()
                .filter(r -> r.dependency().service().equals(to)).findFirst().orElseThrow();
        reader.problem(edge.node(), edge.path(), "dependency cycle: " + text);
    }
}
