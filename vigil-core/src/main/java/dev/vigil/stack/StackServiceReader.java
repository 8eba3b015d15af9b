package dev.vigil.stack;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.stream.Stream;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads one entry of a vigil.yaml's {@code services}. */
final class StackServiceReader {

    static final List<String> KEYS = Stream.concat(Stream.of("command", "cwd", "env", "env_file",
            "secrets", "depends_on", "health", "restart", "stop", "memory_limit", "recovery", "logs", "freeze", "metrics"),
            ContainerReader.KEYS.stream()).toList();
    static final List<String> CONDITIONS = Arrays.stream(Dependency.Condition.values())
            .map(Dependency.Condition::yamlName).toList();

    private final NodeReader reader;
    private final ProbeReader probes;
    private final PolicyReader policies;
    private final ContainerReader containers;
    private final MetricsReader metrics;
    private final Path directory;
    /** Every env file read, as written, and the secrets of the services that read it: kept with each version. */
    private final Map<Path, String> envTexts = new LinkedHashMap<>();
    private final Map<Path, Set<String>> envSecrets = new LinkedHashMap<>();
    private final List<Path> readByThisService = new ArrayList<>();

    StackServiceReader(NodeReader reader, Path directory) {
        this.reader = reader;
        this.probes = new ProbeReader(reader);
        this.policies = new PolicyReader(reader, probes);
        this.containers = new ContainerReader(reader, directory);
        this.metrics = new MetricsReader(reader);
        this.directory = directory;
    }

    Optional<ServiceDraft> read(String name, Node keyNode, Node value, String path) {
        Optional<MapReader> found = reader.map(value, keyNode, path, KEYS);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        MapReader map = found.get();
        readByThisService.clear();
        Optional<ContainerSpec> container = containers.read(map);
        // A container's command only overrides the image's CMD, so it may be left out.
        Optional<Node> commandNode = container.isPresent() ? map.get("command") : map.required("command");
        List<String> command = commandNode.flatMap(n -> reader.command(n, map.path("command"))).orElse(List.of());
        if (container.isPresent()) {
            map.keyNode("cwd").ifPresent(k -> reader.problem(k, map.path("cwd"),
                    "not for a container service (use volumes)"));
        }
        Path cwd = map.get("cwd").filter(n -> container.isEmpty()).flatMap(n -> cwd(n, map.path("cwd"))).orElse(directory);
        Map<String, String> env = new LinkedHashMap<>();
        map.get("env_file").ifPresent(n -> envFiles(n, map.path("env_file"), env));
        map.get("env").ifPresent(n -> env(n, map.path("env"), env));
        Set<String> secrets = map.get("secrets").map(n -> secrets(n, map.path("secrets"), env)).orElse(Set.of());
        readByThisService.forEach(file -> envSecrets.computeIfAbsent(file, f -> new java.util.TreeSet<>()).addAll(secrets));
        List<ServiceDraft.Ref> deps = map.get("depends_on").map(n -> dependsOn(n, map.path("depends_on"))).orElse(List.of());
        List<ProbeSpec> health = map.get("health").map(n -> probes.read(n, map.path("health"))).orElse(List.of());
        boolean declaresHealth = map.get("health").filter(n -> !isEmptyList(n)).isPresent();
        RestartSpec restart = section(map, "restart").map(s -> policies.restart(s.value(), s.key(), s.path()))
                .orElse(RestartSpec.DEFAULT);
        StopSpec stop = section(map, "stop").map(s -> policies.stop(s.value(), s.key(), s.path())).orElse(StopSpec.DEFAULT);
        Optional<MemoryLimit> memory = section(map, "memory_limit")
                .flatMap(s -> policies.memoryLimit(s.value(), s.key(), s.path()));
        Optional<RecoverySpec> recovery = section(map, "recovery").flatMap(s -> policies.recovery(s.value(), s.key(), s.path()));
        LogSpec logs = section(map, "logs").map(s -> policies.logs(s.value(), s.key(), s.path())).orElse(LogSpec.DEFAULT);
        FreezeSpec freeze = section(map, "freeze").map(s -> freeze(s)).orElse(FreezeSpec.DEFAULT);
        ServiceMetricsSpec metrics = section(map, "metrics").map(s -> this.metrics.service(s.value(), s.key(), s.path()))
                .orElse(ServiceMetricsSpec.DEFAULT);
        ServiceSpec spec = new ServiceSpec(name, command, cwd, env, deps.stream().map(ServiceDraft.Ref::dependency).toList(),
                health, restart, stop, memory, recovery, logs, secrets, container, freeze, metrics);
        return Optional.of(new ServiceDraft(name, keyNode, spec, deps, declaresHealth));
    }

    private record Section(Node key, Node value, String path) {
    }

    private static Optional<Section> section(MapReader map, String key) {
        return map.get(key).map(value -> new Section(map.keyNode(key).orElseThrow(), value, map.path(key)));
    }

    /** {@code freeze: {unhealthy: restart | hold}}. */
    private FreezeSpec freeze(Section s) {
        List<String> names = List.of("restart", "hold");
        return reader.map(s.value(), s.key(), s.path(), List.of("unhealthy"))
                .flatMap(m -> m.get("unhealthy").flatMap(n -> reader.choice(n, m.path("unhealthy"),
                        "unhealthy policy", names, text -> names.contains(text)
                                ? Optional.of(FreezeSpec.Unhealthy.valueOf(text.toUpperCase(java.util.Locale.ROOT)))
                                : Optional.empty())))
                .map(FreezeSpec::new).orElse(FreezeSpec.DEFAULT);
    }

    private static boolean isEmptyList(Node node) {
        return node instanceof SequenceNode list && list.getValue().isEmpty();
    }

    private Optional<Path> cwd(Node node, String path) {
        Optional<String> text = reader.string(node, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Path dir = directory.resolve(text.get()).normalize();
        if (!Files.exists(dir)) {
            reader.problem(node, path, "directory " + YamlNodes.quote(text.get()) + " does not exist");
        } else if (!Files.isDirectory(dir)) {
            reader.problem(node, path, YamlNodes.quote(text.get()) + " is not a directory");
        }
        return Optional.of(dir);
    }

    private void env(Node node, String path, Map<String, String> env) {
        Optional<MapReader> found = reader.namedMap(node, path);
        if (found.isEmpty()) {
            return;
        }
        MapReader map = found.get();
        for (NodeTuple entry : map.entries()) {
            String name = ((ScalarNode) entry.getKeyNode()).getValue();
            if (!EnvFile.NAME.matcher(name).matches()) {
                reader.problem(entry.getKeyNode(), map.path(name),
                        "not a variable name; use letters, digits and `_`, not starting with a digit");
                continue;
            }
            Node value = entry.getValueNode();
            if (!(value instanceof ScalarNode s)) {
                reader.wrongType(value, map.path(name), "a string, number or boolean");
                continue;
            }
            // The text as written: `08080` stays `08080`, `yes` stays `yes`; an empty value is an empty string.
            env.put(name, YamlNodes.isNull(s) ? "" : s.getValue());
        }
    }

    /**
     * {@code [STRIPE_KEY_ID, DB_URL]}, or one name: keys of this service's env (env or env_file) whose values are
     * never shown. A problem here never quotes what was written: an item that is the value of a variable (a
     * secret pasted where its name belongs) is reported by the variable's name.
     */
    private Set<String> secrets(Node node, String path, Map<String, String> env) {
        if (!(node instanceof SequenceNode) && !(node instanceof ScalarNode)) {
            reader.wrongType(node, path, "a list of env variable names");
            return Set.of();
        }
        Set<String> secrets = new LinkedHashSet<>();
        NodeReader.forEachItem(node, path, (item, itemPath) -> {
            if (!(item instanceof ScalarNode) || YamlNodes.isNull(item)) {
                reader.wrongType(item, itemPath, "an env variable name");
                return;
            }
            String name = ((ScalarNode) item).getValue();
            Optional<String> holder = env.entrySet().stream()
                    .filter(e -> !e.getValue().isEmpty() && e.getValue().equals(name) && !env.containsKey(name))
                    .map(Map.Entry::getKey).findFirst();
            if (holder.isPresent()) {
                reader.problem(item, itemPath, "this is the value of `" + holder.get()
                        + "`; list variable names, not values, e.g. `" + holder.get() + "`");
            } else if (!env.containsKey(name)) {
                reader.problem(item, itemPath, unknownVariable(name, env));
            } else if (!secrets.add(name)) {
                reader.problem(item, itemPath, YamlNodes.quote(name) + " is listed twice");
            }
        });
        return secrets;
    }

    // The unknown text itself is not quoted: it may be a secret pasted from elsewhere. The position says which.
    private static String unknownVariable(String name, Map<String, String> env) {
        return Suggestions.closest(name, env.keySet())
                .map(s -> "unknown env variable; did you mean `" + s + "`?")
                .orElseGet(() -> "unknown env variable; `secrets` names variables set by `env` or `env_file`"
                        + (env.isEmpty() ? "" : ": " + String.join(", ", env.keySet())));
    }

    private void envFiles(Node node, String path, Map<String, String> env) {
        if (!(node instanceof SequenceNode) && !(node instanceof ScalarNode)) {
            reader.wrongType(node, path, "a path or a list of paths");
            return;
        }
        NodeReader.forEachItem(node, path, (item, itemPath) ->
                reader.string(item, itemPath).ifPresent(name -> envFile(item, itemPath, name, env)));
    }

    private void envFile(Node node, String path, String name, Map<String, String> env) {
        Path file = directory.resolve(name).normalize();
        String shown = YamlNodes.quote(name);
        try {
            EnvFile parsed = EnvFile.read(file);
            parsed.errors().forEach(error -> reader.problem(node, path, "env file " + shown + ", " + error));
            env.putAll(parsed.values());
            if (!envTexts.containsKey(file)) {
                envTexts.put(file, Files.readString(file));
            }
            readByThisService.add(file);
        } catch (NoSuchFileException e) {
            reader.problem(node, path, "env file " + shown + " not found");
        } catch (CharacterCodingException e) {
            reader.problem(node, path, "env file " + shown + " is not UTF-8 text");
        } catch (IOException e) {
            reader.problem(node, path, "cannot read env file " + shown + ": " + e.getMessage());
        }
    }

    /**
     * The env files read so far, in the order first read: the path (relative to the stack file's directory when it
     * lies below it) to the text, with the values of secret variables masked ({@link EnvFileMask}), including those
     * that a service reading the file lists under {@code secrets}.
     */
    Map<String, String> maskedEnvFiles() {
        Map<String, String> out = new LinkedHashMap<>();
        envTexts.forEach((file, text) -> out.put(
                file.startsWith(directory) ? directory.relativize(file).toString() : file.toString(),
                EnvFileMask.mask(text, envSecrets.getOrDefault(file, Set.of()))));
        return out;
    }

    /** {@code [a, b]}, {@code [a, {b: healthy}]}, {@code {a: started, b: {condition: healthy}}}. */
    private List<ServiceDraft.Ref> dependsOn(Node node, String path) {
        List<ServiceDraft.Ref> refs = new ArrayList<>();
        if (node instanceof SequenceNode list) {
            for (int i = 0; i < list.getValue().size(); i++) {
                Node item = list.getValue().get(i);
                String itemPath = path + "[" + i + "]";
                if (item instanceof MappingNode m && m.getValue().size() == 1) {
                    NodeTuple only = m.getValue().get(0);
                    entry(only.getKeyNode(), only.getValueNode(), itemPath, refs);
                } else if (item instanceof MappingNode) {
                    reader.problem(item, itemPath, "expected one `name: condition` per list item");
                } else {
                    reader.string(item, itemPath).ifPresent(name -> refs.add(ref(name, Dependency.Condition.STARTED, item, itemPath)));
                }
            }
        } else if (node instanceof MappingNode) {
            MapReader map = reader.namedMap(node, path).orElseThrow();
            for (NodeTuple t : map.entries()) {
                String name = ((ScalarNode) t.getKeyNode()).getValue();
                entry(t.getKeyNode(), t.getValueNode(), map.path(name), refs);
            }
        } else {
            reader.wrongType(node, path, "a list of service names or a map of name to condition");
        }
        return refs;
    }

    private void entry(Node keyNode, Node value, String path, List<ServiceDraft.Ref> refs) {
        Optional<String> name = reader.string(keyNode, path);
        if (name.isEmpty()) {
            return;
        }
        Optional<Dependency.Condition> condition;
        if (YamlNodes.isNull(value)) {
            condition = Optional.of(Dependency.Condition.STARTED);
        } else if (value instanceof MappingNode) {
            MapReader map = reader.map(value, keyNode, path, List.of("condition")).orElseThrow();
            condition = map.required("condition").flatMap(n -> condition(n, map.path("condition")));
        } else {
            condition = condition(value, path);
        }
        condition.ifPresent(c -> refs.add(ref(name.get(), c, keyNode, path)));
    }

    private Optional<Dependency.Condition> condition(Node node, String path) {
        return reader.choice(node, path, "condition", CONDITIONS, text -> Arrays.stream(Dependency.Condition.values())
                .filter(c -> c.yamlName().equals(text.trim().toLowerCase(Locale.ROOT))).findFirst());
    }

    private static ServiceDraft.Ref ref(String name, Dependency.Condition condition, Node node, String path) {
        return new ServiceDraft.Ref(new Dependency(name, condition), node, path);
    }
}
