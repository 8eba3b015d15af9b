package dev.vigil.compose;

import dev.vigil.stack.ContainerSpec.PortMapping;
import dev.vigil.stack.ContainerSpec.Resources;
import dev.vigil.stack.ContainerSpec.VolumeMount;
import dev.vigil.stack.ContainerSpec;
import dev.vigil.stack.Dependency;
import dev.vigil.stack.EnvFile;
import dev.vigil.stack.MapReader;
import dev.vigil.stack.NodeReader;
import dev.vigil.stack.Ports;
import dev.vigil.stack.PullPolicy;
import dev.vigil.stack.ProbeSpec;
import dev.vigil.stack.RestartPolicy;
import dev.vigil.stack.RestartSpec;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Signal;
import dev.vigil.stack.Sizes;
import dev.vigil.stack.StopSpec;
import dev.vigil.stack.Suggestions;
import dev.vigil.stack.Volumes;
import dev.vigil.stack.YamlNodes;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads the {@code services} of a Compose file into Vigil service specs, warning about what does not carry over.
 * Values are read with the vigil.yaml reader's {@link NodeReader} and {@link MapReader}; the Compose rules differ
 * where Compose is lenient: a key Vigil does not read is warned about and dropped, not reported as a problem.
 */
final class ComposeServiceReader {

    /** The keys this reader turns into something. */
    static final List<String> SUPPORTED = List.of("image", "build", "command", "entrypoint", "environment", "env_file",
            "ports", "volumes", "depends_on", "healthcheck", "restart", "deploy", "mem_limit", "cpus", "pids_limit",
            "labels", "profiles", "networks", "stop_signal", "stop_grace_period", "container_name", "pull_policy");
    /** Compose keys Vigil has no equivalent for: dropped with a warning. */
    static final List<String> UNSUPPORTED = List.of("annotations", "attach", "blkio_config", "cap_add", "cap_drop",
            "cgroup", "cgroup_parent", "configs", "cpu_count", "cpu_percent", "cpu_period", "cpu_quota",
            "cpu_rt_period", "cpu_rt_runtime", "cpu_shares", "cpuset", "credential_spec", "develop",
            "device_cgroup_rules", "devices", "dns", "dns_opt", "dns_search", "domainname", "driver_opts", "expose",
            "extends", "external_links", "extra_hosts", "gpus", "group_add", "hostname", "init", "ipc", "isolation",
            "label_file", "links", "logging", "mac_address", "mem_reservation", "mem_swappiness", "memswap_limit",
            "models", "network_mode", "oom_kill_disable", "oom_score_adj", "pid", "platform", "post_start",
            "pre_stop", "privileged", "provider", "read_only", "runtime", "scale", "secrets",
            "security_opt", "shm_size", "stdin_open", "storage_opt", "sysctls", "tmpfs", "tty", "ulimits",
            "use_api_socket", "user", "userns_mode", "uts", "volumes_from", "working_dir");
    private static final List<String> ALL = concat(SUPPORTED, UNSUPPORTED);
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern ON_FAILURE = Pattern.compile("on-failure(?::(\\d{1,9}))?");
    private static final List<String> RESTARTS = List.of("no", "always", "unless-stopped", "on-failure");
    private static final List<String> CONDITIONS = List.of("service_started", "service_healthy",
            "service_completed_successfully");
    private static final String DROPPED = "not supported by Vigil; dropped";

    private final Findings findings;
    private final NodeReader reader;
    private final Path directory;
    private final Map<String, String> environment;
    private final Map<String, String> volumes;
    private final Map<String, String> networks;
    private final Set<String> profiles;
    private final Healthcheck healthchecks;

    ComposeServiceReader(Findings findings, Path directory, Map<String, String> environment,
                         Map<String, String> volumes, Map<String, String> networks, Set<String> profiles) {
        this.findings = findings;
        this.reader = findings.reader();
        this.directory = directory;
        this.environment = environment;
        this.volumes = volumes;
        this.networks = networks;
        this.profiles = profiles;
        this.healthchecks = new Healthcheck(findings);
    }

    /** One service as read, with where its dependencies were written. */
    private record Draft(ServiceSpec spec, List<Ref> refs) {
    }

    private record Ref(String service, Dependency.Condition condition, Node node, String path) {
    }

    List<ServiceSpec> readAll(MappingNode services) {
        Map<String, Draft> drafts = new LinkedHashMap<>();
        Set<String> declared = new LinkedHashSet<>();
        for (NodeTuple t : services.getValue()) {
            declared.add(YamlNodes.keyName(t.getKeyNode()));
        }
        for (NodeTuple t : services.getValue()) {
            String name = YamlNodes.keyName(t.getKeyNode());
            String path = "services." + name;
            if (drafts.containsKey(name)) {
                findings.problem(t.getKeyNode(), path, "duplicate service");
                continue;
            }
            if (!(t.getValueNode() instanceof MappingNode map)) {
                reader.wrongType(t.getValueNode(), path, "a map");
                continue;
            }
            read(name, t.getKeyNode(), map, path, declared).ifPresent(d -> drafts.put(name, d));
        }
        List<ServiceSpec> specs = new ArrayList<>();
        for (Draft draft : drafts.values()) {
            List<Dependency> deps = new ArrayList<>();
            for (Ref ref : draft.refs()) {
                Draft target = drafts.get(ref.service());
                if (target == null) {
                    findings.warn(ref.path(), "`" + ref.service() + "` is not imported (see its warning); dependency dropped");
                } else if (ref.condition() == Dependency.Condition.HEALTHY && !target.spec().hasProbes()) {
                    findings.warn(ref.path(), "`" + ref.service() + "` has no healthcheck; waits for it to be started");
                    deps.add(Dependency.started(ref.service()));
                } else {
                    deps.add(new Dependency(ref.service(), ref.condition()));
                }
            }
            specs.add(draft.spec().withDependsOn(deps));
        }
        new Cycles(findings).check(drafts.values().stream().map(d -> d.spec()).toList(),
                drafts.values().stream().flatMap(d -> d.refs().stream().map(r -> new Cycles.Edge(d.spec().name(),
                        r.service(), r.node(), r.path()))).toList());
        return specs;
    }

    private Optional<Draft> read(String name, Node keyNode, MappingNode map, String path, Set<String> declared) {
        MapReader service = serviceKeys(map, path);
        Optional<List<String>> named = service.get("profiles").map(n -> reader.strings(n, path + ".profiles"));
        if (named.isPresent() && named.get().stream().noneMatch(profiles::contains)) {
            findings.warn(path + ".profiles", "profile " + String.join(", ", named.get())
                    + " not active; service not imported");
            return Optional.empty();
        }
        Optional<String> image = service.get("image").flatMap(n -> reader.string(n, path + ".image"));
        if (service.has("build")) {
            findings.warn(path + ".build", "not supported (Vigil does not build images); "
                    + image.map(i -> "the image `" + i + "` is used as it is").orElse("the service needs an image"));
            if (image.isEmpty()) {
                return Optional.empty();
            }
        } else if (image.isEmpty() && !service.has("image")) {
            findings.problem(keyNode, path, "missing `image`");
            return Optional.empty();
        }
        if (image.isEmpty()) {
            return Optional.empty();
        }
        List<String> command = service.get("command").flatMap(n -> command(n, path + ".command")).orElse(List.of());
        Optional<List<String>> entrypoint = service.get("entrypoint").flatMap(n -> command(n, path + ".entrypoint"));
        if (entrypoint.isPresent() && entrypoint.get().isEmpty()) {
            findings.warn(path + ".entrypoint", "an empty entrypoint is not supported; the image's ENTRYPOINT is kept");
            entrypoint = Optional.empty();
        }
        Map<String, String> env = new LinkedHashMap<>();
        service.get("env_file").ifPresent(n -> envFiles(n, path + ".env_file", env));
        service.get("environment").ifPresent(n -> environment(n, path + ".environment", env));
        List<PortMapping> ports = service.get("ports").map(n -> ports(n, path + ".ports")).orElse(List.of());
        List<VolumeMount> mounts = service.get("volumes").map(n -> volumes(n, path + ".volumes")).orElse(List.of());
        Optional<String> network = service.get("networks").flatMap(n -> network(n, path + ".networks"));
        Resources resources = resources(service, path);
        Map<String, String> labels = service.get("labels").map(n -> labels(n, path + ".labels")).orElse(Map.of());
        Healthcheck.Result healthcheck = service.get("healthcheck")
                .map(n -> healthchecks.read(n, path + ".healthcheck")).orElse(Healthcheck.Result.IMAGES_OWN);
        List<ProbeSpec> health = healthcheck.probes();
        RestartSpec restart = service.get("restart").map(n -> restart(n, path + ".restart"))
                .orElse(RestartSpec.DEFAULT);
        StopSpec stop = stop(service, path);
        if (service.has("container_name")) {
            findings.warn(path + ".container_name", "Vigil names containers itself; dropped");
        }
        List<Ref> refs = service.get("depends_on")
                .map(n -> dependsOn(n, path + ".depends_on", name, declared)).orElse(List.of());
        PullPolicy pull = service.get("pull_policy")
                .map(n -> pullPolicy(n, path + ".pull_policy")).orElse(PullPolicy.MISSING);
        ContainerSpec container = new ContainerSpec(image.get(), entrypoint, ports, mounts, network, resources, labels,
                healthcheck.imageHealthcheck(), pull);
        ServiceSpec spec = ServiceSpec.of(name, command, directory).withEnv(env).withHealth(health).withRestart(restart)
                .withStop(stop).withContainer(container);
        return Optional.of(new Draft(spec, refs));
    }

    /** The supported keys of one service; a duplicate is a problem, an unsupported or unknown key a warning. */
    private MapReader serviceKeys(MappingNode map, String path) {
        Map<String, NodeTuple> supported = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        for (NodeTuple t : map.getValue()) {
            String key = YamlNodes.keyName(t.getKeyNode());
            if (!seen.add(key)) {
                findings.problem(t.getKeyNode(), path + "." + key, "duplicate key");
            } else if (key.startsWith("x-")) {
                seen.remove(key);
            } else if (UNSUPPORTED.contains(key)) {
                findings.warn(path + "." + key, DROPPED);
            } else if (!SUPPORTED.contains(key)) {
                findings.warn(path + "." + key, ComposeLoader.unknown(key, ALL));
            } else {
                supported.put(key, t);
            }
        }
        return MapReader.of(map, path, supported, reader);
    }

    /** A command or entrypoint; an empty value is none (the image's own). */
    private Optional<List<String>> command(Node node, String path) {
        return YamlNodes.isNull(node) ? Optional.empty() : reader.words(node, path);
    }

    private void environment(Node node, String path, Map<String, String> env) {
        if (node instanceof SequenceNode list) {
            for (int i = 0; i < list.getValue().size(); i++) {
                String itemPath = path + "[" + i + "]";
                Node item = list.getValue().get(i);
                reader.string(item, itemPath).ifPresent(text -> {
                    int eq = text.indexOf('=');
                    variable(eq < 0 ? text : text.substring(0, eq),
                            eq < 0 ? Optional.empty() : Optional.of(text.substring(eq + 1)), itemPath, env);
                });
            }
        } else if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                String key = YamlNodes.keyName(t.getKeyNode());
                Node value = t.getValueNode();
                if (!(value instanceof ScalarNode s)) {
                    reader.wrongType(value, path + "." + key, "a string, number or boolean");
                    continue;
                }
                variable(key, YamlNodes.isNull(s) ? Optional.empty() : Optional.of(s.getValue()), path + "." + key, env);
            }
        } else if (!YamlNodes.isNull(node)) {
            reader.wrongType(node, path, "a map or a list of `KEY=value`");
        }
    }

    /** A value, or none: then the value comes from the environment, and the variable is left out when not set there. */
    private void variable(String name, Optional<String> value, String path, Map<String, String> env) {
        if (!ENV_NAME.matcher(name).matches()) {
            findings.warn(path, "`" + name + "` is not a variable name Vigil accepts (letters, digits, `_`); dropped");
            return;
        }
        Optional<String> resolved = value.or(() -> Optional.ofNullable(environment.get(name)));
        if (resolved.isEmpty()) {
            findings.warn(path, "`" + name + "` is not set in the environment; left out");
            return;
        }
        env.put(name, resolved.get());
    }

    /** One env file or a list; each is a path, or {@code {path, required, format}}. */
    private void envFiles(Node node, String path, Map<String, String> env) {
        NodeReader.forEachItem(node, path, (item, itemPath) -> {
            if (item instanceof MappingNode m) {
                MapReader options = options(m, itemPath, List.of("path", "required", "format"));
                Optional<String> file = options.get("path").flatMap(n -> reader.string(n, itemPath + ".path"));
                // A `required` that is not true or false is a problem; it counts as false, so that a missing file
                // is not a second one.
                boolean required = options.get("required")
                        .map(n -> reader.bool(n, itemPath + ".required").orElse(false)).orElse(true);
                if (options.has("format")) {
                    findings.warn(itemPath + ".format", "not supported by Vigil; read as a dotenv file");
                }
                if (file.isEmpty() && !options.has("path")) {
                    findings.problem(item, itemPath, "missing `path`");
                }
                file.ifPresent(f -> envFile(item, itemPath, f, required, env));
            } else {
                reader.string(item, itemPath).ifPresent(f -> envFile(item, itemPath, f, true, env));
            }
        });
    }

    private void envFile(Node node, String path, String name, boolean required, Map<String, String> env) {
        Path file = directory.resolve(name).normalize();
        try {
            EnvFile parsed = EnvFile.read(file);
            parsed.errors().forEach(error -> findings.problem(node, path, "env file " + YamlNodes.quote(name) + ", " + error));
            env.putAll(parsed.values());
        } catch (NoSuchFileException e) {
            if (required) {
                findings.problem(node, path, "env file " + YamlNodes.quote(name) + " not found");
            }
        } catch (IOException e) {
            findings.problem(node, path, "cannot read env file " + YamlNodes.quote(name) + ": " + e.getMessage());
        }
    }

    private List<PortMapping> ports(Node node, String path) {
        return reader.items(node, path, "a list of ports", (item, itemPath) -> item instanceof MappingNode m
                ? longPort(m, itemPath)
                : reader.string(item, itemPath).map(text -> shortPort(text, itemPath)));
    }

    private PortMapping shortPort(String text, String path) {
        PortMapping port = Ports.parse(text);
        if (!text.startsWith(port.hostIp()) && !text.startsWith("[")) {
            findings.warn(path, YamlNodes.quote(text) + " is published on " + Ports.DEFAULT_HOST_IP
                    + " only (Compose publishes on all interfaces); write `0.0.0.0:" + text
                    + "` to publish beyond this machine");
        }
        return port;
    }

    private Optional<PortMapping> longPort(MappingNode node, String path) {
        MapReader map = options(node, path, List.of("target", "published", "host_ip", "protocol", "mode", "name",
                "app_protocol"));
        dropped(map, List.of("mode", "name", "app_protocol"));
        Optional<String> target = map.get("target").flatMap(n -> reader.string(n, path + ".target"));
        if (target.isEmpty()) {
            if (!map.has("target")) {
                findings.problem(node, path, "missing `target`");
            }
            return Optional.empty();
        }
        Ports.LongSyntax rest = Ports.LongSyntax.read(map, reader);
        if (rest.hostIp().isEmpty()) {
            findings.warn(path, "published on " + Ports.DEFAULT_HOST_IP + " only (Compose publishes on all interfaces);"
                    + " set `host_ip: 0.0.0.0` to publish beyond this machine");
        }
        return Optional.of(rest.to(target.get()));
    }

    private List<VolumeMount> volumes(Node node, String path) {
        return reader.items(node, path, "a list of volumes", (item, itemPath) -> item instanceof MappingNode m
                ? longVolume(m, itemPath)
                : reader.string(item, itemPath).flatMap(text -> shortVolume(item, text, itemPath)));
    }

    private Optional<VolumeMount> shortVolume(Node node, String text, String path) {
        String[] parts = text.split(":", -1);
        if (parts.length == 1) {
            findings.warn(path, "anonymous volume " + YamlNodes.quote(text) + " is not supported; dropped (name it:"
                    + " `name:" + text + "`)");
            return Optional.empty();
        }
        boolean readOnly = false;
        if (parts.length >= 3) {
            for (String option : parts[2].split(",")) {
                switch (option) {
                    case "ro" -> readOnly = true;
                    case "rw" -> readOnly = false;
                    default -> findings.warn(path, "volume option " + YamlNodes.quote(option)
                            + " is not supported by Vigil; dropped");
                }
            }
        }
        if (parts.length > 3) {
            findings.problem(node, path, YamlNodes.quote(text) + " is not a volume; write e.g. `data:/var/lib/data`");
            return Optional.empty();
        }
        return mount(node, parts[0], parts[1], readOnly, path);
    }

    private Optional<VolumeMount> longVolume(MappingNode node, String path) {
        MapReader map = options(node, path, List.of("type", "source", "target", "read_only", "bind", "volume",
                "tmpfs", "image", "consistency"));
        dropped(map, List.of("bind", "volume", "tmpfs", "image", "consistency"));
        String type = map.get("type").flatMap(n -> reader.string(n, path + ".type")).orElse("volume");
        Optional<String> source = map.get("source").flatMap(n -> reader.string(n, path + ".source"));
        Optional<String> target = map.get("target").flatMap(n -> reader.string(n, path + ".target"));
        boolean readOnly = map.get("read_only").flatMap(n -> reader.bool(n, path + ".read_only")).orElse(false);
        if (!type.equals("volume") && !type.equals("bind")) {
            findings.warn(path + ".type", "`" + type + "` mounts are not supported by Vigil; dropped");
            return Optional.empty();
        }
        if (target.isEmpty()) {
            findings.problem(node, path, "missing `target`");
            return Optional.empty();
        }
        if (source.isEmpty()) {
            findings.warn(path, "anonymous volume `" + target.get() + "` is not supported; dropped (give it a `source`)");
            return Optional.empty();
        }
        if (type.equals("bind")) {
            return Optional.of(Volumes.bind(source.get(), target.get(), readOnly, directory));
        }
        return mount(node, source.get(), target.get(), readOnly, path);
    }

    /** A named volume is the one declared under top-level {@code volumes}, by the name the engine knows it by. */
    private Optional<VolumeMount> mount(Node node, String source, String target, boolean readOnly, String path) {
        if (!source.isEmpty() && !Volumes.isPath(source)) {
            String engineName = volumes.get(source);
            if (engineName == null) {
                findings.problem(node, path, "volume `" + source + "` is not declared under top-level `volumes`"
                        + Suggestions.closest(source, volumes.keySet()).map(s -> "; did you mean `" + s + "`?").orElse(""));
                return Optional.empty();
            }
            return Optional.of(Volumes.of(engineName, target, readOnly, directory));
        }
        return Optional.of(Volumes.of(source, target, readOnly, directory));
    }

    private Optional<String> network(Node node, String path) {
        List<String> names = new ArrayList<>();
        if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                String name = YamlNodes.keyName(t.getKeyNode());
                names.add(name);
                if (!YamlNodes.isNull(t.getValueNode())) {
                    findings.warn(path + "." + name, "network options (aliases, addresses) are not supported by Vigil;"
                            + " dropped");
                }
            }
        } else {
            names.addAll(reader.strings(node, path));
        }
        if (names.isEmpty()) {
            return Optional.empty();
        }
        if (names.size() > 1) {
            findings.warn(path, "a container joins one network in Vigil: `" + names.get(0) + "`; "
                    + String.join(", ", names.subList(1, names.size()).stream().map(n -> "`" + n + "`").toList())
                    + " dropped");
        }
        String first = names.get(0);
        if (first.equals("default")) {
            return Optional.empty();
        }
        if (!networks.containsKey(first)) {
            findings.problem(node, path, "network `" + first + "` is not declared under top-level `networks`");
            return Optional.empty();
        }
        return Optional.of(networks.get(first));
    }

    private Resources resources(MapReader service, String path) {
        Optional<Long> memory = service.get("mem_limit").flatMap(n -> size(n, path + ".mem_limit"));
        Optional<Double> cpus = service.get("cpus").flatMap(n -> cpus(n, path + ".cpus"));
        Optional<Long> pids = service.get("pids_limit").flatMap(n -> pids(n, path + ".pids_limit"));
        Optional<MapReader> limits = service.get("deploy").flatMap(n -> limits(n, path + ".deploy"));
        if (limits.isEmpty()) {
            return new Resources(memory, cpus, pids);
        }
        // deploy.resources.limits is the newer way to say it: it wins over mem_limit, cpus, pids_limit.
        MapReader l = limits.get();
        Optional<Long> m = l.get("memory").flatMap(n -> size(n, l.path("memory")));
        Optional<Double> c = l.get("cpus").flatMap(n -> cpus(n, l.path("cpus")));
        Optional<Long> p = l.get("pids").flatMap(n -> pids(n, l.path("pids")));
        return new Resources(m.or(() -> memory), c.or(() -> cpus), p.or(() -> pids));
    }

    /** {@code deploy.resources.limits}, if given; the rest of {@code deploy} is warned about and dropped. */
    private Optional<MapReader> limits(Node deploy, String path) {
        if (!(deploy instanceof MappingNode d)) {
            if (!YamlNodes.isNull(deploy)) {
                reader.wrongType(deploy, path, "a map");
            }
            return Optional.empty();
        }
        MapReader deployKeys = options(d, path, List.of("resources", "replicas", "mode", "restart_policy", "placement",
                "update_config", "rollback_config", "endpoint_mode", "labels"));
        for (NodeTuple t : deployKeys.entries()) {
            String key = YamlNodes.keyName(t.getKeyNode());
            if (!key.equals("resources")) {
                findings.warn(path + "." + key, DROPPED);
            }
        }
        if (!(deployKeys.get("resources").orElse(null) instanceof MappingNode r)) {
            return Optional.empty();
        }
        String rPath = path + ".resources";
        MapReader rKeys = options(r, rPath, List.of("limits", "reservations"));
        if (rKeys.has("reservations")) {
            findings.warn(rPath + ".reservations", "not enforced by Vigil; dropped");
        }
        if (!(rKeys.get("limits").orElse(null) instanceof MappingNode l)) {
            return Optional.empty();
        }
        MapReader lKeys = options(l, rPath + ".limits", List.of("memory", "cpus", "pids", "devices"));
        dropped(lKeys, List.of("devices"));
        return Optional.of(lKeys);
    }

    private Optional<Long> size(Node node, String path) {
        Optional<Long> value = reader.string(node, path).flatMap(Sizes::parse).filter(v -> v > 0);
        if (value.isEmpty() && node instanceof ScalarNode s && !YamlNodes.isNull(s)) {
            findings.problem(node, path, YamlNodes.quote(s.getValue()) + " is not a size; write e.g. `512m`, `1g`");
        }
        return value;
    }

    private Optional<Double> cpus(Node node, String path) {
        Optional<String> text = reader.string(node, path);
        try {
            Optional<Double> value = text.map(Double::parseDouble).filter(v -> v > 0 && !v.isInfinite());
            if (text.isPresent() && value.isEmpty()) {
                findings.problem(node, path, "must be more than 0, e.g. `0.5` for half a CPU");
            }
            return value;
        } catch (NumberFormatException e) {
            findings.problem(node, path, "expected a number, found " + YamlNodes.quote(text.orElse("")));
            return Optional.empty();
        }
    }

    private Optional<Long> pids(Node node, String path) {
        Optional<String> text = reader.string(node, path);
        if (text.isPresent() && text.get().trim().matches("-1|0")) {
            return Optional.empty();
        }
        if (text.isPresent() && !text.get().trim().matches("\\d{1,18}")) {
            findings.problem(node, path, "expected a whole number, found " + YamlNodes.quote(text.get()));
            return Optional.empty();
        }
        return text.map(t -> Long.parseLong(t.trim()));
    }

    private Map<String, String> labels(Node node, String path) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (node instanceof SequenceNode list) {
            for (int i = 0; i < list.getValue().size(); i++) {
                String itemPath = path + "[" + i + "]";
                reader.string(list.getValue().get(i), itemPath).ifPresent(text -> {
                    int eq = text.indexOf('=');
                    label(eq < 0 ? text : text.substring(0, eq), eq < 0 ? "" : text.substring(eq + 1), itemPath, labels);
                });
            }
        } else if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                String key = YamlNodes.keyName(t.getKeyNode());
                String value = t.getValueNode() instanceof ScalarNode s && !YamlNodes.isNull(s) ? s.getValue() : "";
                label(key, value, path + "." + key, labels);
            }
        } else {
            reader.wrongType(node, path, "a map of labels or a list of `key=value`");
        }
        return labels;
    }

    private void label(String name, String value, String path, Map<String, String> labels) {
        if (name.startsWith(ContainerSpec.RESERVED_LABEL_PREFIX)) {
            findings.warn(path, "labels starting with `" + ContainerSpec.RESERVED_LABEL_PREFIX
                    + "` are reserved for Vigil; dropped");
        } else if (!name.isBlank()) {
            labels.put(name, value);
        }
    }

    private RestartSpec restart(Node node, String path) {
        Optional<String> text = reader.string(node, path).map(String::trim);
        if (text.isEmpty()) {
            return RestartSpec.DEFAULT;
        }
        Matcher m = ON_FAILURE.matcher(text.get());
        switch (text.get()) {
            case "no", "false" -> {
                return RestartSpec.DEFAULT.withPolicy(RestartPolicy.NEVER);
            }
            case "always", "unless-stopped" -> {
                return RestartSpec.DEFAULT.withPolicy(RestartPolicy.ALWAYS);
            }
            default -> {
                if (!m.matches()) {
                    findings.problem(node, path, "unknown restart policy " + YamlNodes.quote(text.get()) + "; "
                            + Suggestions.closest(text.get(), RESTARTS).map(s -> "did you mean `" + s + "`?")
                            .orElse("expected one of no, always, unless-stopped, on-failure[:N]"));
                    return RestartSpec.DEFAULT;
                }
            }
        }
        RestartSpec spec = RestartSpec.DEFAULT.withPolicy(RestartPolicy.ON_FAILURE);
        if (m.group(1) == null || Integer.parseInt(m.group(1)) == 0) {
            return spec;
        }
        RestartSpec.RestartLimit limit = new RestartSpec.RestartLimit(Integer.parseInt(m.group(1)),
                RestartSpec.RestartLimit.DEFAULT.window());
        findings.warn(path, "at most " + limit.count() + " restarts in " + dev.vigil.stack.Durations.format(limit.window())
                + ", then the service is given up (Compose counts retries over the container's life)");
        return spec.withLimit(Optional.of(limit));
    }

    private StopSpec stop(MapReader service, String path) {
        Signal signal = service.get("stop_signal").flatMap(n -> reader.string(n, path + ".stop_signal")
                .flatMap(text -> {
                    Optional<Signal> s = Signal.parse(text);
                    if (s.isEmpty()) {
                        findings.problem(n, path + ".stop_signal", "unknown signal " + YamlNodes.quote(text)
                                + "; Vigil knows HUP, INT, QUIT, KILL, USR1, USR2, TERM, CONT, STOP");
                    }
                    return s;
                })).orElse(StopSpec.DEFAULT.signal());
        Duration grace = service.get("stop_grace_period")
                .flatMap(n -> Healthcheck.duration(n, path + ".stop_grace_period", findings)).orElse(StopSpec.DEFAULT_GRACE);
        return new StopSpec(signal, grace);
    }

    private List<Ref> dependsOn(Node node, String path, String self, Set<String> declared) {
        List<Ref> refs = new ArrayList<>();
        if (node instanceof SequenceNode list) {
            for (int i = 0; i < list.getValue().size(); i++) {
                Node item = list.getValue().get(i);
                String itemPath = path + "[" + i + "]";
                reader.string(item, itemPath).ifPresent(name ->
                        ref(name, Dependency.Condition.STARTED, item, itemPath, self, declared).ifPresent(refs::add));
            }
        } else if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                String name = YamlNodes.keyName(t.getKeyNode());
                String entryPath = path + "." + name;
                Dependency.Condition condition = Dependency.Condition.STARTED;
                if (t.getValueNode() instanceof MappingNode entry) {
                    MapReader options = options(entry, entryPath, List.of("condition", "restart", "required"));
                    condition = options.get("condition")
                            .flatMap(n -> condition(n, entryPath + ".condition")).orElse(condition);
                    dropped(options, List.of("restart"));
                    // A `required` that is not true or false is a problem, and counts as false.
                    boolean required = options.get("required")
                            .map(n -> reader.bool(n, entryPath + ".required").orElse(false)).orElse(true);
                    if (!required) {
                        findings.warn(entryPath + ".required", "Vigil waits for every dependency; `required: false` dropped");
                    }
                } else if (!YamlNodes.isNull(t.getValueNode())) {
                    reader.wrongType(t.getValueNode(), entryPath, "a map with `condition`");
                }
                ref(name, condition, t.getKeyNode(), entryPath, self, declared).ifPresent(refs::add);
            }
        } else {
            reader.wrongType(node, path, "a list of service names or a map of name to condition");
        }
        return refs;
    }

    private Optional<Dependency.Condition> condition(Node node, String path) {
        return reader.choice(node, path, "condition", CONDITIONS, text -> switch (text) {
            case "service_started" -> Optional.of(Dependency.Condition.STARTED);
            case "service_healthy" -> Optional.of(Dependency.Condition.HEALTHY);
            case "service_completed_successfully" -> {
                findings.warn(path, "Vigil has no one-shot services; waits for it to be started");
                yield Optional.of(Dependency.Condition.STARTED);
            }
            default -> Optional.empty();
        });
    }

    private Optional<Ref> ref(String name, Dependency.Condition condition, Node node, String path, String self,
                              Set<String> declared) {
        if (name.equals(self)) {
            findings.problem(node, path, "a service cannot depend on itself");
            return Optional.empty();
        }
        if (!declared.contains(name)) {
            findings.problem(node, path, "unknown service " + YamlNodes.quote(name)
                    + Suggestions.closest(name, declared).map(s -> "; did you mean `" + s + "`?").orElse(""));
            return Optional.empty();
        }
        return Optional.of(new Ref(name, condition, node, path));
    }

    /**
     * A map of options by Compose's rules: extension keys ({@code x-}) are skipped, keys outside {@code known} are
     * warned about and dropped (a vigil.yaml reports them), and of duplicate keys the last is read.
     */
    private MapReader options(MappingNode map, String path, List<String> known) {
        Map<String, NodeTuple> entries = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key = YamlNodes.keyName(t.getKeyNode());
            if (key.startsWith("x-")) {
                continue;
            }
            if (known.contains(key)) {
                entries.put(key, t);
            } else {
                findings.warn(path + "." + key, ComposeLoader.unknown(key, known));
            }
        }
        return MapReader.of(map, path, entries, reader);
    }

    /** Warns about each of {@code keys} the map has: Compose keys Vigil reads past. */
    private void dropped(MapReader map, List<String> keys) {
        keys.stream().filter(map::has).forEach(key -> findings.warn(map.path(key), DROPPED));
    }

    /** {@code always}, {@code never}, {@code missing} (also {@code if_not_present}); the others warn, as missing. */
    private PullPolicy pullPolicy(Node node, String path) {
        Optional<String> text = reader.string(node, path).map(String::trim);
        if (text.isEmpty()) {
            return PullPolicy.MISSING;
        }
        switch (text.get()) {
            case "always" -> {
                return PullPolicy.ALWAYS;
            }
            case "never" -> {
                return PullPolicy.NEVER;
            }
            case "missing", "if_not_present" -> {
                return PullPolicy.MISSING;
            }
            case "build" -> findings.warn(path, "Vigil does not build images; pulls when missing");
            default -> findings.warn(path, YamlNodes.quote(text.get()) + " is not supported (always, never, missing);"
                    + " pulls when missing");
        }
        return PullPolicy.MISSING;
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return List.copyOf(out);
    }
}
