package dev.vigil.compose;

import dev.vigil.stack.EnvFile;
import dev.vigil.stack.InvalidStackException;
import dev.vigil.stack.NodeReader;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Stack;
import dev.vigil.stack.Suggestions;
import dev.vigil.stack.YamlNodes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a Compose file ({@code compose.yaml}, {@code docker-compose.yml}) as a Vigil {@link Stack}. What Vigil
 * cannot do the same way becomes a {@link Warning}, never a silent drop; a file that cannot be used at all
 * throws an {@link InvalidStackException} with every problem, like the {@code vigil.yaml} loader.
 */
public final class ComposeLoader {

    static final List<String> TOP_KEYS = List.of("name", "services", "volumes", "networks", "version", "configs",
            "secrets", "include", "models");
    private static final List<String> VOLUME_KEYS = List.of("name", "external", "driver", "driver_opts", "labels");
    private static final List<String> NETWORK_KEYS = List.of("name", "external", "driver", "driver_opts", "ipam",
            "internal", "attachable", "enable_ipv6", "enable_ipv4", "labels");

    private ComposeLoader() {
    }

    /** Loads with no profiles active, interpolating from the process environment over {@code .env} beside the file. */
    public static ComposeResult load(Path file) {
        return load(file, Set.of());
    }

    /** Loads with these profiles active: services that name one of them are imported too. */
    public static ComposeResult load(Path file, Set<String> profiles) {
        return load(file, profiles, System.getenv());
    }

    /**
     * Loads with {@code environment} standing in for the process environment: it wins over {@code .env} beside
     * the file, as the shell does for {@code docker compose}.
     */
    public static ComposeResult load(Path file, Set<String> profiles, Map<String, String> environment) {
        String text = YamlNodes.read(file);
        Path directory = file.toAbsolutePath().normalize().getParent();
        Findings findings = new Findings(file.toString());
        NodeReader reader = findings.reader();
        Map<String, String> env = new HashMap<>(dotEnv(directory, findings));
        env.putAll(environment);
        Optional<Node> root = parse(text, findings);
        findings.throwIfProblems();
        if (root.isEmpty()) {
            findings.problem(1, 1, "", "the file is empty; it needs at least `services`");
            findings.throwIfProblems();
        }
        if (!(root.get() instanceof MappingNode top)) {
            reader.wrongType(root.get(), "", "a map");
            findings.throwIfProblems();
            throw new IllegalStateException("unreachable");
        }
        new Interpolator(new Interpolation(env), findings).walk(top, "");
        Map<String, Node> keys = topKeys(top, findings);
        Map<String, String> volumes = declared(keys.get("volumes"), "volumes", VOLUME_KEYS, "volume", findings);
        Map<String, String> networks = declared(keys.get("networks"), "networks", NETWORK_KEYS, "network", findings);
        String name = Optional.ofNullable(keys.get("name")).flatMap(n -> reader.string(n, "name")).map(String::strip)
                .filter(s -> !s.isEmpty())
                .orElseGet(() -> directory.getFileName() == null ? "stack" : directory.getFileName().toString());
        List<ServiceSpec> services = new ArrayList<>();
        Node servicesNode = keys.get("services");
        if (servicesNode == null) {
            findings.problem(top, "", "missing required key `services`");
        } else if (!(servicesNode instanceof MappingNode map) || map.getValue().isEmpty()) {
            if (servicesNode instanceof MappingNode || YamlNodes.isNull(servicesNode)) {
                findings.problem(servicesNode, "services", "no services defined; add at least one");
            } else {
                reader.wrongType(servicesNode, "services", "a map");
            }
        } else {
            services = new ComposeServiceReader(findings, directory, env, volumes, networks, Set.copyOf(profiles))
                    .readAll(map);
        }
        findings.throwIfProblems();
        return new ComposeResult(new Stack(name, file.toAbsolutePath().normalize(), services), findings.warnings());
    }

    private static Map<String, Node> topKeys(MappingNode top, Findings findings) {
        Map<String, Node> keys = new LinkedHashMap<>();
        for (NodeTuple t : top.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                findings.problem(t.getKeyNode(), "", "expected a key name, found " + YamlNodes.describe(t.getKeyNode()));
                continue;
            }
            String key = k.getValue();
            if (keys.containsKey(key)) {
                findings.problem(k, key, "duplicate key");
                continue;
            }
            keys.put(key, t.getValueNode());
            switch (key) {
                case "name", "services", "volumes", "networks" -> { }
                case "version" -> findings.warn(key, "obsolete; ignored");
                default -> {
                    if (key.startsWith("x-")) {
                        continue;
                    }
                    findings.warn(key, TOP_KEYS.contains(key) ? "not supported by Vigil; dropped" : unknown(key, TOP_KEYS));
                }
            }
        }
        return keys;
    }

    /** Top-level {@code volumes} or {@code networks}: the name each is known by to the engine. */
    private static Map<String, String> declared(Node node, String section, List<String> known, String what,
                                                Findings findings) {
        NodeReader reader = findings.reader();
        Map<String, String> names = new LinkedHashMap<>();
        if (node == null || YamlNodes.isNull(node)) {
            return names;
        }
        if (!(node instanceof MappingNode map)) {
            reader.wrongType(node, section, "a map of " + what + " names");
            return names;
        }
        for (NodeTuple t : map.getValue()) {
            String name = YamlNodes.keyName(t.getKeyNode());
            String path = section + "." + name;
            names.put(name, name);
            if (YamlNodes.isNull(t.getValueNode())) {
                continue;
            }
            if (!(t.getValueNode() instanceof MappingNode options)) {
                reader.wrongType(t.getValueNode(), path, "a map of " + what + " options");
                continue;
            }
            for (NodeTuple o : options.getValue()) {
                String key = YamlNodes.keyName(o.getKeyNode());
                String keyPath = path + "." + key;
                switch (key) {
                    case "name" -> reader.string(o.getValueNode(), keyPath).ifPresent(n -> names.put(name, n));
                    case "external" -> findings.warn(keyPath, "not checked; Vigil creates the " + what
                            + " when it does not exist");
                    default -> findings.warn(keyPath, known.contains(key)
                            ? "not supported by Vigil; the " + what + " is created with the engine's defaults"
                            : unknown(key, known));
                }
            }
        }
        return names;
    }

    static String unknown(String key, List<String> known) {
        return Suggestions.closest(key, known).map(s -> "unknown key (did you mean `" + s + "`?); dropped")
                .orElse("unknown key; dropped");
    }

    /** {@code .env} beside the file: values for interpolation only, below the process environment. */
    private static Map<String, String> dotEnv(Path directory, Findings findings) {
        Path file = directory.resolve(".env");
        if (!Files.isRegularFile(file)) {
            return Map.of();
        }
        try {
            EnvFile parsed = EnvFile.read(file);
            parsed.errors().forEach(error -> findings.warn(".env", error + "; ignored"));
            return parsed.values();
        } catch (IOException e) {
            findings.warn(".env", "cannot read it (" + e.getMessage() + "); ignored");
            return Map.of();
        }
    }

    private static Optional<Node> parse(String text, Findings findings) {
        return YamlNodes.compose(text, (line, column, message) -> findings.problem(line, column, "", message));
    }
}
