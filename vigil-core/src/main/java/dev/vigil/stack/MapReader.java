package dev.vigil.stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * One YAML map with its key path. In a vigil.yaml, duplicate keys (which SnakeYAML accepts silently) and, for maps
 * with a fixed set of keys, unknown keys are reported when it is built; only the first of duplicate keys is read.
 * A Compose reader sorts the keys by its own rules and reads the rest the same way.
 */
public final class MapReader {

    private final MappingNode node;
    private final Node anchor;
    private final String path;
    private final NodeReader reader;
    private final Map<String, NodeTuple> entries;

    /**
     * @param anchor where a missing key is reported: the key that introduced this map, or the map itself
     * @param keys the allowed keys, in the order they are listed to the user; empty for a map of names (services, env)
     */
    MapReader(MappingNode node, Node anchor, String path, List<String> keys, NodeReader reader) {
        this(node, anchor, path, reader, checked(node, path, keys, reader));
    }

    private MapReader(MappingNode node, Node anchor, String path, NodeReader reader, Map<String, NodeTuple> entries) {
        this.node = node;
        this.anchor = anchor;
        this.path = path;
        this.reader = reader;
        this.entries = entries;
    }

    /**
     * A map whose entries the caller chose by its own rules: a Compose reader warns about keys it does not read and
     * drops them, where a vigil.yaml reports them as problems.
     */
    public static MapReader of(MappingNode node, String path, Map<String, NodeTuple> entries, NodeReader reader) {
        return new MapReader(node, node, path, reader, new LinkedHashMap<>(entries));
    }

    private static Map<String, NodeTuple> checked(MappingNode node, String path, List<String> keys, NodeReader reader) {
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        Map<String, Node> seen = new LinkedHashMap<>();
        for (NodeTuple tuple : node.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                reader.problem(tuple.getKeyNode(), path, "expected a key name, found " + YamlNodes.describe(tuple.getKeyNode()));
                continue;
            }
            String name = key.getValue();
            Node first = seen.putIfAbsent(name, key);
            if (first != null) {
                reader.problem(key, join(path, name), "duplicate key; first defined at line "
                        + (first.getStartMark().getLine() + 1));
            } else if (key.getTag().equals(Tag.MERGE)) {
                reader.problem(key, join(path, name), "merge keys (`<<`) are not supported; write the keys out");
            } else if (!keys.isEmpty() && !keys.contains(name)) {
                reader.problem(key, join(path, name), unknownKey(name, keys));
            } else {
                entries.put(name, tuple);
            }
        }
        return entries;
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String unknownKey(String name, List<String> keys) {
        return Suggestions.closest(name, keys)
                .map(s -> "unknown key; did you mean `" + s + "`?")
                .orElseGet(() -> "unknown key; expected one of " + String.join(", ", keys));
    }

    MappingNode node() {
        return node;
    }

    String path() {
        return path;
    }

    public String path(String key) {
        return join(path, key);
    }

    public boolean has(String key) {
        return entries.containsKey(key);
    }

    public Optional<Node> get(String key) {
        return Optional.ofNullable(entries.get(key)).map(NodeTuple::getValueNode);
    }

    public Optional<Node> keyNode(String key) {
        return Optional.ofNullable(entries.get(key)).map(NodeTuple::getKeyNode);
    }

    /** The value of a key that must be there; a problem at this map's anchor when it is not. */
    public Optional<Node> required(String key) {
        Optional<Node> value = get(key);
        if (value.isEmpty()) {
            reader.problem(anchor, path, "missing required key `" + key + "`");
        }
        return value;
    }

    /** The readable entries in file order: no duplicates, no unknown keys. */
    public List<NodeTuple> entries() {
        return new ArrayList<>(entries.values());
    }
}
