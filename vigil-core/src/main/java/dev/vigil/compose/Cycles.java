package dev.vigil.compose;

import dev.vigil.stack.ServiceSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/** Reports dependency cycles: such a stack could never start. */
final class Cycles {

    /** {@code from} depends on {@code to}, written at {@code node}. */
    record Edge(String from, String to, Node node, String path) {
    }

    private final Findings findings;

    Cycles(Findings findings) {
        this.findings = findings;
    }

    void check(List<ServiceSpec> services, List<Edge> edges) {
        Map<String, List<Edge>> out = new LinkedHashMap<>();
        services.forEach(s -> out.put(s.name(), new ArrayList<>()));
        edges.stream().filter(e -> out.containsKey(e.to())).forEach(e -> out.get(e.from()).add(e));
        Set<String> done = new HashSet<>();
        for (String start : out.keySet()) {
            visit(start, out, new ArrayList<>(), done);
        }
    }

    private void visit(String service, Map<String, List<Edge>> out, List<Edge> path, Set<String> done) {
        if (done.contains(service)) {
            return;
        }
        for (Edge edge : out.get(service)) {
            int loop = indexOf(path, edge.to());
            if (loop >= 0) {
                report(path.subList(loop, path.size()), edge);
                continue;
            }
            if (edge.to().equals(service)) {
                continue;
            }
            path.add(edge);
            visit(edge.to(), out, path, done);
            path.remove(path.size() - 1);
        }
        done.add(service);
    }

    private static int indexOf(List<Edge> path, String service) {
        for (int i = 0; i < path.size(); i++) {
            if (path.get(i).from().equals(service)) {
                return i;
            }
        }
        return -1;
    }

    private void report(List<Edge> loop, Edge closing) {
        List<String> names = new ArrayList<>();
        loop.forEach(e -> names.add(e.from()));
        names.add(closing.from());
        names.add(closing.to());
        Edge first = loop.isEmpty() ? closing : loop.get(0);
        findings.problem(first.node(), first.path(), "dependency cycle: " + String.join(" -> ", names));
    }
}
