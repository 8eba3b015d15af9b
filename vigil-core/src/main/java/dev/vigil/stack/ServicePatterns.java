package dev.vigil.stack;

import dev.vigil.window.Window;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads a {@code services} scope (of a window or a profile): names, or globs such as {@code web-*}. */
final class ServicePatterns {

    private ServicePatterns() {
    }

    /**
     * One name or glob, or a list of them; each must name or match a service of the stack.
     *
     * @param whenEmpty what to do instead of an empty list, for the problem message
     */
    static List<String> read(NodeReader reader, List<String> services, Node node, String path, String whenEmpty) {
        boolean list = node instanceof SequenceNode;
        if (!list && !(node instanceof ScalarNode) || YamlNodes.isNull(node)) {
            reader.wrongType(node, path, "a list of service names or globs such as `web-*`");
            return List.of();
        }
        List<Node> items = NodeReader.listOrOne(node);
        if (items.isEmpty()) {
            reader.problem(node, path, "empty; " + whenEmpty);
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String itemPath = list ? path + "[" + i + "]" : path;
            Optional<String> pattern = reader.string(item, itemPath).map(String::strip);
            if (pattern.isEmpty()) {
                continue;
            }
            String p = pattern.get();
            if (Window.isGlob(p)) {
                if (services.stream().noneMatch(s -> Window.matches(p, s))) {
                    reader.problem(item, itemPath, YamlNodes.quote(p) + " matches no service of this stack");
                }
            } else if (!services.contains(p)) {
                String hint = Suggestions.closest(p, services).map(s -> "; did you mean `" + s + "`?").orElse("");
                reader.problem(item, itemPath, "unknown service " + YamlNodes.quote(p) + hint);
            }
            out.add(p);
        }
        return out;
    }
}
