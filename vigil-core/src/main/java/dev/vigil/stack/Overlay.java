package dev.vigil.stack;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * Lays a profile's {@code set} over a service's map, as YAML: maps merge key by key (the profile wins), anything
 * else is replaced. Two shorthands are widened first so that a profile can change one part of them:
 * {@code restart: on-failure} is {@code {policy: on-failure}} and {@code memory_limit: 512M} is {@code {size: 512M}}
 * (or {@code max}, the other name of that key, when the profile uses it).
 * A {@code health} of timing keys alone (no {@code http}, {@code tcp} or {@code exec}) tightens every probe of the
 * service; one with a probe replaces them. Nodes keep where they were written, so a problem in a profile's value
 * points at the profile.
 */
final class Overlay {

    private static final Set<String> PROBE_KINDS = Set.of("http", "tcp", "exec");

    private Overlay() {
    }

    /** How the value of a key both maps have is merged. */
    @FunctionalInterface
    private interface Rule {
        Node merge(String key, Node base, Node over);
    }

    static MappingNode apply(MappingNode service, MappingNode set) {
        return merge(service, set, Overlay::value);
    }

    private static Node value(String key, Node base, Node over) {
        if (key.equals("health") && over instanceof MappingNode timing && !namesProbe(timing)) {
            if (base instanceof SequenceNode probes) {
                List<Node> each = probes.getValue().stream()
                        .map(p -> p instanceof MappingNode m ? merge(m, timing, Overlay::deep) : p).toList();
                return new SequenceNode(probes.getTag(), true, each, probes.getStartMark(), probes.getEndMark(),
                        probes.getFlowStyle());
            }
            return base instanceof MappingNode m ? merge(m, timing, Overlay::deep) : over;
        }
        if (base instanceof ScalarNode scalar && over instanceof MappingNode && !YamlNodes.isNull(base)) {
            Optional<String> longKey = switch (key) {
                case "restart" -> Optional.of("policy");
                case "memory_limit" -> Optional.of(sizeKey((MappingNode) over));
                default -> Optional.empty();
            };
            if (longKey.isPresent()) {
                ScalarNode name = new ScalarNode(Tag.STR, longKey.get(), scalar.getStartMark(), scalar.getEndMark(),
                        DumperOptions.ScalarStyle.PLAIN);
                base = new MappingNode(Tag.MAP, true, List.of(new NodeTuple(name, scalar)), scalar.getStartMark(),
                        scalar.getEndMark(), DumperOptions.FlowStyle.FLOW);
            }
        }
        if (key.equals("memory_limit") && base instanceof MappingNode b && over instanceof MappingNode o
                && (indexOf(o.getValue(), "size") >= 0 || indexOf(o.getValue(), "max") >= 0)) {
            base = renamed(b, Set.of("size", "max"), sizeKey(o)); // one key by two names: the profile's spelling wins
        }
        return deep(key, base, over);
    }

    /** The name a memory limit's size goes by in {@code over}: {@code max} when it says so, else {@code size}. */
    private static String sizeKey(MappingNode over) {
        return indexOf(over.getValue(), "max") >= 0 ? "max" : "size";
    }

    private static MappingNode renamed(MappingNode map, Set<String> from, String to) {
        List<NodeTuple> out = new ArrayList<>();
        for (NodeTuple t : map.getValue()) {
            if (from.contains(YamlNodes.keyName(t.getKeyNode())) && t.getKeyNode() instanceof ScalarNode k) {
                out.add(new NodeTuple(new ScalarNode(Tag.STR, to, k.getStartMark(), k.getEndMark(),
                        DumperOptions.ScalarStyle.PLAIN), t.getValueNode()));
            } else {
                out.add(t);
            }
        }
        return map(map, out);
    }

    /** Maps merge key by key, all the way down; anything else is replaced. */
    private static Node deep(String key, Node base, Node over) {
        return base instanceof MappingNode b && over instanceof MappingNode o ? merge(b, o, Overlay::deep) : over;
    }

    private static MappingNode merge(MappingNode base, MappingNode over, Rule rule) {
        List<NodeTuple> out = new ArrayList<>(base.getValue());
        for (NodeTuple t : over.getValue()) {
            String key = YamlNodes.keyName(t.getKeyNode());
            int at = indexOf(out, key);
            if (at < 0) {
                out.add(t);
            } else {
                Node merged = rule.merge(key, out.get(at).getValueNode(), t.getValueNode());
                out.set(at, new NodeTuple(out.get(at).getKeyNode(), merged));
            }
        }
        return map(base, out);
    }

    private static boolean namesProbe(MappingNode health) {
        return health.getValue().stream().anyMatch(t -> PROBE_KINDS.contains(YamlNodes.keyName(t.getKeyNode())));
    }

    private static int indexOf(List<NodeTuple> tuples, String key) {
        for (int i = 0; i < tuples.size(); i++) {
            if (YamlNodes.keyName(tuples.get(i).getKeyNode()).equals(key)) {
                return i;
            }
        }
        return -1;
    }

    private static MappingNode map(MappingNode like, List<NodeTuple> tuples) {
        return new MappingNode(like.getTag(), true, tuples, like.getStartMark(), like.getEndMark(), like.getFlowStyle());
    }

    /** The node as one line of flow YAML: {@code {health: {interval: 2s}, restart: {limit: 5 in 1m}}}. */
    static String flow(Node node) {
        return flow(node, false, false);
    }

    /**
     * As {@link #flow(Node)}, showing no secret: the value of an {@code env} variable whose name looks secret is
     * {@code ***}, and secret options, assignments and URL passwords in other values are masked as in events.
     */
    static String shown(Node node) {
        return flow(node, true, false);
    }

    private static String flow(Node node, boolean mask, boolean inEnv) {
        return switch (node) {
            case MappingNode m -> "{" + String.join(", ", m.getValue().stream().map(t -> {
                String key = YamlNodes.keyName(t.getKeyNode());
                boolean secret = mask && inEnv && Secrets.looksSecret(key);
                return key + ": " + (secret ? "***" : flow(t.getValueNode(), mask, key.equals("env")));
            }).toList()) + "}";
            case SequenceNode s -> "[" + String.join(", ", s.getValue().stream()
                    .map(n -> flow(n, mask, false)).toList()) + "]";
            case ScalarNode s -> YamlNodes.isNull(s) ? "null" : mask ? Secrets.maskedText(s.getValue()) : s.getValue();
            default -> YamlNodes.describe(node);
        };
    }
}
