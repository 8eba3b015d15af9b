package dev.vigil.stack;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Small facts about SnakeYAML nodes that messages need. */
final class YamlNodes {

    private static final int MAX_SHOWN = 40;

    private YamlNodes() {
    }

    /** {@code key: } with nothing after it, or {@code ~} / {@code null}. */
    static boolean isNull(Node node) {
        return node instanceof ScalarNode && node.getTag().equals(Tag.NULL);
    }

    /** What a node is, for "expected X, found Y": {@code a map}, {@code a list}, {@code an empty value}, {@code `abc`}. */
    static String describe(Node node) {
        if (node instanceof MappingNode) {
            return "a map";
        }
        if (node instanceof SequenceNode) {
            return "a list";
        }
        if (isNull(node)) {
            return "an empty value";
        }
        return quote(((ScalarNode) node).getValue());
    }

    /** User text in backticks, shortened when long so one problem stays on one line. */
    static String quote(String text) {
        String oneLine = text.replace("\n", "\\n");
        if (oneLine.length() > MAX_SHOWN) {
            oneLine = oneLine.substring(0, MAX_SHOWN - 3) + "...";
        }
        return "`" + oneLine + "`";
    }
}
