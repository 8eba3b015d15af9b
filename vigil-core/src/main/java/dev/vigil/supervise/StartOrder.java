package dev.vigil.supervise;

import dev.vigil.stack.Dependency;
import dev.vigil.stack.ServiceSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Orders services so that each comes after what it depends on, keeping declaration order otherwise. */
public final class StartOrder {

    private StartOrder() {
    }

    /** @throws IllegalArgumentException on a dependency cycle (the loader reports those to users first) */
    public static List<ServiceSpec> of(List<ServiceSpec> services) {
        Map<String, ServiceSpec> byName = new LinkedHashMap<>();
        services.forEach(s -> byName.put(s.name(), s));
        List<ServiceSpec> ordered = new ArrayList<>();
        Map<String, Boolean> visiting = new LinkedHashMap<>();
        for (ServiceSpec s : services) {
            visit(s, byName, visiting, ordered);
        }
        return ordered;
    }

    private static void visit(ServiceSpec s, Map<String, ServiceSpec> byName, Map<String, Boolean> marks,
                              List<ServiceSpec> ordered) {
        Boolean mark = marks.get(s.name());
        if (Boolean.FALSE.equals(mark)) {
            return; // done
        }
        if (Boolean.TRUE.equals(mark)) {
            throw new IllegalArgumentException("dependency cycle through " + s.name());
        }
        marks.put(s.name(), true);
        for (Dependency d : s.dependsOn()) {
            ServiceSpec dep = byName.get(d.service());
            if (dep != null) {
                visit(dep, byName, marks, ordered);
            }
        }
        marks.put(s.name(), false);
        ordered.add(s);
    }
}
