package dev.vigil.stack;

import dev.vigil.stack.ContainerSpec.PortMapping;
import dev.vigil.stack.ContainerSpec.Resources;
import dev.vigil.stack.ContainerSpec.VolumeMount;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/** Reads the container keys of a service: {@code image} and what only a container has. */
final class ContainerReader {

    static final List<String> KEYS = List.of("image", "entrypoint", "ports", "volumes", "network", "resources", "labels",
            "image_healthcheck", "pull");
    static final List<String> PORT_KEYS = List.of("target", "published", "host_ip", "protocol");
    static final List<String> VOLUME_KEYS = List.of("type", "source", "target", "read_only");
    static final List<String> VOLUME_TYPES = List.of("volume", "bind");
    static final List<String> RESOURCE_KEYS = List.of("memory", "cpus", "pids");

    private final NodeReader reader;
    private final Path directory;

    ContainerReader(NodeReader reader, Path directory) {
        this.reader = reader;
        this.directory = directory;
    }

    /** The container spec when the service has an {@code image}; container keys without one are problems. */
    Optional<ContainerSpec> read(MapReader service) {
        if (!service.has("image")) {
            for (String key : KEYS) {
                service.keyNode(key).ifPresent(k -> reader.problem(k, service.path(key),
                        "only for a container service (add `image`)"));
            }
            return Optional.empty();
        }
        Node imageNode = service.get("image").orElseThrow();
        String image = reader.string(imageNode, service.path("image")).map(String::strip).orElse("");
        if (image.isEmpty() && !YamlNodes.isNull(imageNode)) {
            reader.problem(imageNode, service.path("image"), "must not be blank");
        }
        Optional<List<String>> entrypoint = service.get("entrypoint")
                .flatMap(n -> reader.command(n, service.path("entrypoint")));
        List<PortMapping> ports = service.get("ports").map(n -> ports(n, service.path("ports"))).orElse(List.of());
        List<VolumeMount> volumes = service.get("volumes").map(n -> volumes(n, service.path("volumes"))).orElse(List.of());
        Optional<String> network = service.get("network").flatMap(n -> reader.string(n, service.path("network")));
        Resources resources = service.get("resources")
                .map(n -> resources(n, service.keyNode("resources").orElseThrow(), service.path("resources")))
                .orElse(Resources.NONE);
        Map<String, String> labels = service.get("labels").map(n -> labels(n, service.path("labels"))).orElse(Map.of());
        boolean imageHealthcheck = service.get("image_healthcheck")
                .flatMap(n -> reader.bool(n, service.path("image_healthcheck"))).orElse(true);
        PullPolicy pull = service.get("pull").flatMap(n -> reader.choice(n, service.path("pull"), "pull policy",
                PullPolicy.yamlNames(), text -> Arrays.stream(PullPolicy.values())
                        .filter(p -> p.yamlName().equals(text.trim())).findFirst())).orElse(PullPolicy.MISSING);
        return Optional.of(new ContainerSpec(image, entrypoint, ports, volumes, network, resources, labels,
                imageHealthcheck, pull));
    }

    private List<PortMapping> ports(Node node, String path) {
        return reader.items(node, path, "a list of ports", (item, itemPath) -> item instanceof MappingNode
                ? port(item, itemPath)
                : reader.string(item, itemPath).map(Ports::parse));
    }

    private Optional<PortMapping> port(Node node, String path) {
        MapReader map = reader.map(node, node, path, PORT_KEYS).orElseThrow();
        Optional<String> target = map.required("target").flatMap(n -> reader.string(n, map.path("target")));
        Ports.LongSyntax rest = Ports.LongSyntax.read(map, reader);
        return target.map(rest::to);
    }

    private List<VolumeMount> volumes(Node node, String path) {
        return reader.items(node, path, "a list of volumes", (item, itemPath) -> item instanceof MappingNode
                ? volume(item, itemPath)
                : reader.string(item, itemPath).map(text -> Volumes.parse(text, directory)));
    }

    private Optional<VolumeMount> volume(Node node, String path) {
        MapReader map = reader.map(node, node, path, VOLUME_KEYS).orElseThrow();
        Optional<String> type = map.required("type").flatMap(n -> reader.choice(n, map.path("type"), "volume type",
                VOLUME_TYPES, text -> VOLUME_TYPES.contains(text) ? Optional.of(text) : Optional.empty()));
        Optional<String> source = map.required("source").flatMap(n -> reader.string(n, map.path("source")));
        Optional<String> target = map.required("target").flatMap(n -> reader.string(n, map.path("target")));
        boolean readOnly = map.get("read_only").flatMap(n -> reader.bool(n, map.path("read_only"))).orElse(false);
        if (type.isEmpty() || source.isEmpty() || target.isEmpty()) {
            return Optional.empty();
        }
        if (type.get().equals("bind")) {
            return Optional.of(Volumes.bind(source.get(), target.get(), readOnly, directory));
        }
        if (Volumes.isPath(source.get())) {
            reader.problem(map.get("source").orElseThrow(), map.path("source"),
                    "a volume's source is a name; a host path needs `type: bind`");
            return Optional.empty();
        }
        return Optional.of(Volumes.of(source.get(), target.get(), readOnly, directory));
    }

    private Resources resources(Node node, Node key, String path) {
        Optional<MapReader> found = reader.map(node, key, path, RESOURCE_KEYS);
        if (found.isEmpty()) {
            return Resources.NONE;
        }
        MapReader map = found.get();
        Optional<Long> memory = map.get("memory").flatMap(n -> reader.size(n, map.path("memory")));
        Optional<Double> cpus = map.get("cpus").flatMap(n -> cpus(n, map.path("cpus")));
        Optional<Long> pids = map.get("pids").flatMap(n -> reader.integer(n, map.path("pids"), 1)).map(Integer::longValue);
        return new Resources(memory, cpus, pids);
    }

    private Optional<Double> cpus(Node node, String path) {
        Optional<Double> value = reader.decimal(node, path, 0.0, Double.MAX_VALUE);
        if (value.isPresent() && value.get() == 0.0) {
            reader.problem(node, path, "must be more than 0, e.g. `0.5` for half a CPU");
            return Optional.empty();
        }
        return value;
    }

    private Map<String, String> labels(Node node, String path) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (node instanceof SequenceNode list) {
            for (int i = 0; i < list.getValue().size(); i++) {
                Node item = list.getValue().get(i);
                String itemPath = path + "[" + i + "]";
                Optional<String> text = reader.string(item, itemPath);
                if (text.isEmpty()) {
                    continue;
                }
                int eq = text.get().indexOf('=');
                String name = eq < 0 ? text.get() : text.get().substring(0, eq);
                label(item, itemPath, name, eq < 0 ? "" : text.get().substring(eq + 1), labels);
            }
        } else if (node instanceof MappingNode) {
            MapReader map = reader.namedMap(node, path).orElseThrow();
            for (NodeTuple t : map.entries()) {
                String name = ((ScalarNode) t.getKeyNode()).getValue();
                Node value = t.getValueNode();
                if (!(value instanceof ScalarNode s)) {
                    reader.wrongType(value, map.path(name), "a string");
                    continue;
                }
                label(t.getKeyNode(), map.path(name), name, YamlNodes.isNull(s) ? "" : s.getValue(), labels);
            }
        } else {
            reader.wrongType(node, path, "a map of labels or a list of `key=value`");
        }
        return labels;
    }

    private void label(Node at, String path, String name, String value, Map<String, String> labels) {
        if (name.isBlank()) {
            reader.problem(at, path, "a label needs a name");
        } else if (name.startsWith(ContainerSpec.RESERVED_LABEL_PREFIX)) {
            reader.problem(at, path, "labels starting with `" + ContainerSpec.RESERVED_LABEL_PREFIX + "` are reserved for Vigil");
        } else {
            labels.put(name, value);
        }
    }
}
