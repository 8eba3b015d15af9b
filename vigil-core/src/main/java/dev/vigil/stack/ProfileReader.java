package dev.vigil.stack;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;

/**
 * Reads the top-level {@code profiles}: each names a window of the file, optionally the services it applies to, and
 * the service keys it {@code set}s while that window is open.
 */
final class ProfileReader {

    static final List<String> KEYS = List.of("window", "services", "set");
    /** Keys a profile cannot set: the dependency graph is the same in every season. */
    static final List<String> NOT_SETTABLE = List.of("depends_on");

    /** A profile as read, with the node its settings are laid over services from. */
    record Draft(Profile profile, MappingNode set) {
    }

    private final NodeReader reader;
    private final List<String> windows;
    private final List<String> services;

    ProfileReader(NodeReader reader, List<String> windows, List<String> services) {
        this.reader = reader;
        this.windows = List.copyOf(windows);
        this.services = List.copyOf(services);
    }

    List<Draft> read(Node node, String path) {
        return StackLoader.named(reader, node, path, "profile", this::profile);
    }

    private Optional<Draft> profile(String name, Node key, Node value, String path) {
        Optional<MapReader> found = reader.map(value, key, path, KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader map = found.get();
        Optional<String> window = map.required("window").flatMap(n -> window(n, map.path("window")));
        List<String> covered = map.get("services").map(n -> ServicePatterns.read(reader, services, n,
                map.path("services"), "leave `services` out for a profile over every service")).orElse(List.of());
        Optional<MappingNode> set = map.required("set").flatMap(n -> set(n, map.path("set")));
        if (window.isEmpty() || set.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Draft(new Profile(name, window.get(), covered, Overlay.shown(set.get()),
                digest(Overlay.flow(set.get()))), set.get()));
    }

    private Optional<String> window(Node node, String path) {
        Optional<String> name = reader.string(node, path).map(String::strip);
        if (name.isPresent() && !windows.contains(name.get())) {
            String hint = Suggestions.closest(name.get(), windows).map(s -> "; did you mean `" + s + "`?")
                    .orElse(windows.isEmpty() ? "; define it under `windows`" : "; windows: " + String.join(", ", windows));
            reader.problem(node, path, "unknown window " + YamlNodes.quote(name.get()) + hint);
            return Optional.empty();
        }
        return name;
    }

    /** The keys are a service's; what each value means is checked when it is laid over each service. */
    private Optional<MappingNode> set(Node node, String path) {
        Optional<MapReader> found = reader.map(node, node, path, StackServiceReader.KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader map = found.get();
        for (String key : NOT_SETTABLE) {
            map.keyNode(key).ifPresent(k -> reader.problem(k, map.path(key),
                    "a profile cannot change dependencies; write them on the service"));
        }
        if (((MappingNode) node).getValue().isEmpty()) {
            reader.problem(node, path, "sets nothing; give service keys such as `health` or `memory_limit`");
            return Optional.empty();
        }
        List<NodeTuple> settable = map.entries().stream()
                .filter(t -> !NOT_SETTABLE.contains(YamlNodes.keyName(t.getKeyNode()))).toList();
        MappingNode m = (MappingNode) node;
        return Optional.of(new MappingNode(m.getTag(), true, settable, m.getStartMark(), m.getEndMark(),
                m.getFlowStyle()));
    }

    private static String digest(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
