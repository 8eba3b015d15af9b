package dev.vigil.stack;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import dev.vigil.alerting.AlertingSettings;
import dev.vigil.window.Window;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

/** Loads and validates a {@code vigil.yaml}: a valid {@link Stack}, or an {@link InvalidStackException} listing every problem. */
public final class StackLoader {

    static final List<String> KEYS = List.of("name", "services", "windows", "profiles", "metrics", "alerting", "status_page");
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
        return parse(text, file, defaultZone, Set.of());
    }

    /**
     * As {@link #parse(String, Path, ZoneId)}, with the settings of these profiles laid over the services they
     * cover, in the file's order of profiles (a later one wins). Every profile is checked whether it is active or
     * not: a value it sets that no service it covers could take is a problem at the profile.
     */
    public static Stack parse(String text, Path file, ZoneId defaultZone, Set<String> activeProfiles) {
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
        Optional<MapReader> serviceMap = top.flatMap(map -> map.required("services"))
                .flatMap(node -> serviceMap(node, reader));
        List<String> serviceNames = serviceMap.map(StackLoader::names).orElse(List.of());
        String name = top.flatMap(map -> map.get("name")).flatMap(node -> stackName(node, reader))
                .orElseGet(() -> defaultName(directory));
        Optional<Node> windowsNode = top.flatMap(map -> map.get("windows"));
        List<Window> windows = windowsNode
                .map(node -> new WindowReader(reader, defaultZone, serviceNames).read(node, "windows"))
                .orElse(List.of());
        // Names as written, so that a window with a problem of its own is not also reported as unknown.
        List<String> windowNames = windowsNode.filter(MappingNode.class::isInstance)
                .map(node -> ((MappingNode) node).getValue().stream().map(t -> YamlNodes.keyName(t.getKeyNode()))
                        .toList()).orElse(List.of());
        List<ProfileReader.Draft> profiles = top.flatMap(map -> map.get("profiles"))
                .map(node -> new ProfileReader(reader, windowNames, serviceNames).read(node, "profiles"))
                .orElse(List.of());
        List<ProfileReader.Draft> active = profiles.stream()
                .filter(p -> activeProfiles.contains(p.profile().name())).toList();
        MetricsSettings metrics = top.flatMap(map -> map.get("metrics").map(node -> new MetricsReader(reader)
                .stack(node, map.keyNode("metrics").orElseThrow(), "metrics"))).orElse(MetricsSettings.DEFAULT);
        AlertingSettings alerting = top.flatMap(map -> map.get("alerting").map(node -> {
            AlertingSettings read = new AlertingReader(reader, directory).read(node, map.keyNode("alerting").orElseThrow(),
                    "alerting", windowNames);
            for (AlertingCheck check : AlertingCheck.installed()) {
                check.check(read, node, reader, directory);
            }
            return read;
        })).orElse(AlertingSettings.NONE);
        StatusPageSettings statusPage = top.flatMap(map -> map.get("status_page")
                .map(node -> statusPage(node, reader, serviceNames, name))).orElse(StatusPageSettings.NONE);
        StackServiceReader serviceReader = new StackServiceReader(reader, directory);
        List<ServiceDraft> drafts = serviceMap.map(map -> services(map, reader, serviceReader, active)).orElse(List.of());
        serviceMap.ifPresent(map -> check(profiles, active, map, directory, file, problems));
        new DependencyGraph(drafts, reader).check();
        problems.throwIfAny();
        return new Stack(name, file.toAbsolutePath().normalize(), drafts.stream().map(ServiceDraft::spec).toList(),
                windows, profiles.stream().map(ProfileReader.Draft::profile).toList(),
                active.stream().map(p -> p.profile().name()).collect(Collectors.toCollection(LinkedHashSet::new)),
                serviceReader.maskedEnvFiles(), metrics, alerting, statusPage);
    }

    /** {@code status_page: {title, services, open}}; {@code status_page: true} for every service, behind a login. */
    private static StatusPageSettings statusPage(Node node, NodeReader reader, List<String> serviceNames, String stack) {
        if (node instanceof ScalarNode) {
            return reader.bool(node, "status_page").filter(on -> on)
                    .map(on -> new StatusPageSettings(true, stack, List.of(), false)).orElse(StatusPageSettings.NONE);
        }
        Optional<MapReader> found = reader.map(node, node, "status_page", List.of("title", "services", "open"));
        if (found.isEmpty()) {
            return StatusPageSettings.NONE;
        }
        MapReader m = found.get();
        String title = m.get("title").flatMap(n -> reader.string(n, m.path("title"))).orElse(stack);
        List<String> services = m.get("services").map(n -> reader.strings(n, m.path("services"))).orElse(List.of());
        for (String s : services) {
            if (!serviceNames.contains(s)) {
                reader.problem(m.get("services").orElseThrow(), m.path("services"), "unknown service `" + s + "`");
            }
        }
        boolean open = m.get("open").flatMap(n -> reader.bool(n, m.path("open"))).orElse(false);
        return new StatusPageSettings(true, title, services, open);
    }

    private static Optional<Node> compose(String text, Problems problems) {
        return YamlNodes.compose(text, (line, column, message) -> problems.add(line, column, "", message));
    }

    /** Reads one named entry of a section: its name, key node, value node and key path. */
    @FunctionalInterface
    interface NamedEntry<T> {
        Optional<T> read(String name, Node key, Node value, String path);
    }

    /**
     * A top-level section that maps names to entries (windows, profiles), in file order: each name checked as a
     * service name is, each entry read by {@code entry}; an empty section is no entries.
     */
    static <T> List<T> named(NodeReader reader, Node node, String path, String what, NamedEntry<T> entry) {
        if (YamlNodes.isNull(node)) {
            return List.of();
        }
        Optional<MapReader> found = reader.namedMap(node, path);
        if (found.isEmpty()) {
            return List.of();
        }
        List<T> out = new ArrayList<>();
        for (NodeTuple tuple : found.get().entries()) {
            String name = ((ScalarNode) tuple.getKeyNode()).getValue();
            String entryPath = found.get().path(name);
            checkName(reader, tuple.getKeyNode(), entryPath, what, name);
            entry.read(name, tuple.getKeyNode(), tuple.getValueNode(), entryPath).ifPresent(out::add);
        }
        return out;
    }

    /** Services, windows and profiles are named alike: a problem when {@code name} breaks the rule. */
    static void checkName(NodeReader reader, Node key, String path, String what, String name) {
        if (!SERVICE_NAME.matcher(name).matches() || name.length() > MAX_SERVICE_NAME) {
            reader.problem(key, path, "invalid " + what + " name " + YamlNodes.quote(name)
                    + "; use letters, digits, `_`, `.` and `-`, starting with a letter or digit, at most "
                    + MAX_SERVICE_NAME + " characters");
        }
    }

    private static Optional<MapReader> serviceMap(Node node, NodeReader reader) {
        if (YamlNodes.isNull(node)) {
            reader.problem(node, "services", "no services defined; add at least one");
            return Optional.empty();
        }
        Optional<MapReader> found = reader.namedMap(node, "services");
        if (found.isPresent() && found.get().node().getValue().isEmpty()) {
            reader.problem(node, "services", "no services defined; add at least one");
        }
        return found;
    }

    private static List<String> names(MapReader map) {
        return map.entries().stream().map(t -> YamlNodes.keyName(t.getKeyNode())).toList();
    }

    private static List<ServiceDraft> services(MapReader map, NodeReader reader, StackServiceReader services,
                                               List<ProfileReader.Draft> active) {
        List<ServiceDraft> drafts = new ArrayList<>();
        for (NodeTuple entry : map.entries()) {
            String name = ((ScalarNode) entry.getKeyNode()).getValue();
            String path = map.path(name);
            checkName(reader, entry.getKeyNode(), path, "service", name);
            services.read(name, entry.getKeyNode(), overlaid(entry.getValueNode(), name, active), path)
                    .ifPresent(drafts::add);
        }
        return drafts;
    }

    private static Node overlaid(Node service, String name, List<ProfileReader.Draft> profiles) {
        Node out = service;
        for (ProfileReader.Draft p : profiles) {
            if (out instanceof MappingNode m && p.profile().covers(name)) {
                out = Overlay.apply(m, p.set());
            }
        }
        return out;
    }

    /**
     * Lays each profile that is not active over each service it covers, on the side, and reports the problems found
     * in what the profile wrote (at the profile's lines; the service's own problems are reported once, above).
     */
    private static void check(List<ProfileReader.Draft> profiles, List<ProfileReader.Draft> active, MapReader map,
                              Path directory, Path file, Problems problems) {
        Set<String> seen = new java.util.HashSet<>();
        for (ProfileReader.Draft p : profiles) {
            if (active.contains(p)) {
                continue;
            }
            for (NodeTuple entry : map.entries()) {
                String name = YamlNodes.keyName(entry.getKeyNode());
                if (!p.profile().covers(name) || !(entry.getValueNode() instanceof MappingNode m)) {
                    continue;
                }
                Problems side = new Problems(file.toString());
                new StackServiceReader(new NodeReader(side), directory).read(name, entry.getKeyNode(),
                        Overlay.apply(m, p.set()), "profiles." + p.profile().name() + ".set");
                for (Problem found : side.sorted()) {
                    if (within(found, p.set()) && seen.add(found + name)) {
                        problems.add(found.line(), found.column(), found.key(), found.message() + " (for service `"
                                + name + "`)");
                    }
                }
            }
        }
    }

    private static boolean within(Problem problem, Node node) {
        int line = problem.line() - 1;
        int column = problem.column() - 1;
        Mark start = node.getStartMark();
        Mark end = node.getEndMark();
        boolean afterStart = line > start.getLine() || line == start.getLine() && column >= start.getColumn();
        boolean beforeEnd = line < end.getLine() || line == end.getLine() && column < end.getColumn();
        return afterStart && beforeEnd;
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
