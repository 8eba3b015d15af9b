package dev.vigil.compose;

import java.util.List;
import java.util.TreeSet;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/** Applies {@link Interpolation} to every value of the file (not to keys), before anything reads it. */
final class Interpolator {

    private final Interpolation interpolation;
    private final Findings findings;

    Interpolator(Interpolation interpolation, Findings findings) {
        this.interpolation = interpolation;
        this.findings = findings;
    }

    void walk(Node node, String path) {
        if (node instanceof MappingNode map) {
            List<NodeTuple> tuples = map.getValue();
            for (int i = 0; i < tuples.size(); i++) {
                NodeTuple t = tuples.get(i);
                String key = t.getKeyNode() instanceof ScalarNode k ? k.getValue() : "?";
                String keyPath = path.isEmpty() ? key : path + "." + key;
                Node value = replace(t.getValueNode(), keyPath);
                if (value != t.getValueNode()) {
                    tuples.set(i, new NodeTuple(t.getKeyNode(), value));
                }
                walk(value, keyPath);
            }
            map.setValue(tuples);
        } else if (node instanceof SequenceNode list) {
            List<Node> items = list.getValue();
            for (int i = 0; i < items.size(); i++) {
                String itemPath = path + "[" + i + "]";
                items.set(i, replace(items.get(i), itemPath));
                walk(items.get(i), itemPath);
            }
        }
    }

    private Node replace(Node node, String path) {
        if (!(node instanceof ScalarNode s) || !s.getValue().contains("$")) {
            return node;
        }
        TreeSet<String> unset = new TreeSet<>();
        try {
            String value = interpolation.apply(s.getValue(), unset::add);
            unset.forEach(name -> findings.warn(path, "variable `" + name + "` is not set; using an empty string"));
            return new ScalarNode(Tag.STR, value, s.getStartMark(), s.getEndMark(), s.getScalarStyle());
        } catch (IllegalArgumentException e) {
            findings.problem(node, path, e.getMessage());
            return node;
        }
    }
}
