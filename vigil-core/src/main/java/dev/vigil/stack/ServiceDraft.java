package dev.vigil.stack;

import java.util.List;
import org.yaml.snakeyaml.nodes.Node;

/**
 * One service as read, before the checks that need all services (dependencies, cycles). Keeps the nodes those
 * checks report at.
 *
 * @param declaresHealth {@code health} is given and not empty, even if its probes had problems: a {@code healthy}
 *                       dependency on it is then not reported a second time
 */
record ServiceDraft(String name, Node keyNode, ServiceSpec spec, List<Ref> dependencies, boolean declaresHealth) {

    ServiceDraft {
        dependencies = List.copyOf(dependencies);
    }

    /** One {@code depends_on} entry and where it was written. */
    record Ref(Dependency dependency, Node node, String path) {
    }
}
