package dev.vigil.stack;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.vigil.window.Window;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Loads and validates a {@code vigil.yaml}: a valid {@link Stack}, or an {@link InvalidStackException} listing every problem. */
public final class StackLoader {

    static final List<String> KEYS = List.of("name", "services", "windows");
    /** Service names; window names follow the same rule. */
    static final Pattern SERVICE_NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");
    static final int MAX_SERVICE_NAME = 63;

    private StackLoader() {
    }

    /** Reads and validates the stack file; problems name the file as given. */
    public static Stack load(Path file) {
        return parse(YamlNodes.read(file), file);
    }

    /**
     * Validates {@code text} as if read from {@code file}: problems name {@code file} as given, and relative paths
     * (cwd, env_file) resolve against its directory. Nothing else is read from {@code file}. Windows that name no
     * zone are in the host's.
     */
    public static Stack parse(String text, Path file) {
        return parse(text, file, ZoneId.systemDefault());
    }

    /** As {@link #parse(String, Path)}, with windows that name no zone in {@code defaultZone}. */
    public static Stack parse(String text, Path file, ZoneId defaultZone) {
        Problems problems = new Problems(file.toString());
        Path directory = file.toAbsolutePath().normalize().getParent();
        Optional<Node> root = compose(text, problems);
        problems.throwIfAny();
        NodeReader reader = new NodeReader(problems);
        if (root.isEmpty()) {
            problems.add(1, 1, "", "the file is empty; it needs at least `services`");
            problems.throwIfAny();
        }
        Optional<MapReader> top = reader.map(root.orElseThrow(), root.orElseThrow(), "", KEYS);
        List<ServiceDraft> drafts = top.flatMap(map -> map.required("services"))
                .map(node -> services(node, reader, directory))
                .orElse(List.of());
        String name = top.flatMap(map -> map.get("name")).flatMap(node -> stackName(node, reader))
                .orElseGet(() -> defaultName(directory));
        List<String> serviceNames = drafts.stream().map(ServiceDraft::name).toList();
        List<Window> windows = top.flatMap(map -> map.get("windows"))
                .map(node -> new WindowReader(reader, defaultZone, serviceNames).read(node, "windows"))
                .orElse(List.of());
        new DependencyGraph(drafts, reader).check();
        problems.throwIfAny();
        return new Stack(name, file.toAbsolutePath().normalize(), drafts.stream().map(ServiceDraft::spec).toList(),
                windows);
    }

    private static Optional<Node> compose(String text, Problems problems) {
        return YamlNodes.compose(text, (line, column, message) -> problems.add(line, column, "", message));
    }

    private static List<ServiceDraft> services(Node node, NodeReader reader, Path directory) {
        if (YamlNodes.isNull(node)) {
            reader.problem(node, "services", "no services defined; add at least one");
            return List.of();
        }
        Optional<MapReader> found = reader.namedMap(node, "services");
        if (found.isEmpty()) {
            return List.of();
        }
        MapReader map = found.get();
        if (map.node().getValue().isEmpty()) {
            reader.problem(node, "services", "no services defined; add at least one");
        }
        StackServiceReader services = new StackServiceReader(reader, directory);
        List<ServiceDraft> drafts = new ArrayList<>();
        for (NodeTuple entry : map.entries()) {
            String name = ((ScalarNode) entry.getKeyNode()).getValue();
            String path = map.path(name);
            if (!SERVICE_NAME.matcher(name).matches() || name.length() > MAX_SERVICE_NAME) {
                reader.problem(entry.getKeyNode(), path, "invalid service name " + YamlNodes.quote(name)
                        + "; use letters, digits, `_`, `.` and `-`, starting with a letter or digit, at most "
                        + MAX_SERVICE_NAME + " characters");
            }
            services.read(name, entry.getKeyNode(), entry.getValueNode(), path).ifPresent(drafts::add);
        }
        return drafts;
    }

    private static Optional<String> stackName(Node node, NodeReader reader) {
        Optional<String> name = reader.string(node, "name");
        if (name.isPresent() && name.get().isBlank()) {
            reader.problem(node, "name", "must not be blank");
            return Optional.empty();
        }
        return name.map(String::strip);
    }

    private static String defaultName(Path directory) {
        Path dirName = directory == null ? null : directory.getFileName();
        return dirName == null ? "stack" : dirName.toString();
    }
}
