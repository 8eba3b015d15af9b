package dev.vigil.compose;

import dev.vigil.stack.CommandLineSplitter;
import dev.vigil.stack.ContainerSpec.PortMapping;
import dev.vigil.stack.ContainerSpec.Resources;
import dev.vigil.stack.ContainerSpec.VolumeMount;
import dev.vigil.stack.ContainerSpec;
import dev.vigil.stack.Dependency;
import dev.vigil.stack.EnvFile;
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
import java.util.LinkedHashMap;
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

/** Reads the {@code services} of a Compose file into Vigil service specs, warning about what does not carry over. */
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

    private final Findings findings;
    private final Path directory;
    private final Map<String, String> environment;
    private final Map<String, String> volumes;
    private final Map<String, String> networks;
    private final Set<String> profiles;
    private final Healthcheck healthchecks;

    ComposeServiceReader(Findings findings, Path directory, Map<String, String> environment,
                         Map<String, String> volumes, Map<String, String> networks, Set<String> profiles) {
        this.findings = findings;
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
        Set<String> declared = new java.util.LinkedHashSet<>();
        for (NodeTuple t : services.getValue()) {
            declared.add(keyName(t.getKeyNode()));
        }
        for (NodeTuple t : services.getValue()) {
            String name = keyName(t.getKeyNode());
            String path = "services." + name;
            if (drafts.containsKey(name)) {
                findings.problem(t.getKeyNode(), path, "duplicate service");
                continue;
            }
            if (!(t.getValueNode() instanceof MappingNode map)) {
                findings.wrongType(t.getValueNode(), path, "a map");
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
        Map<String, Node> keys = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key = keyName(t.getKeyNode());
            if (keys.putIfAbsent(key, t.getValueNode()) != null) {
                findings.problem(t.getKeyNode(), path + "." + key, "duplicate key");
            } else if (key.startsWith("x-")) {
                keys.remove(key);
            } else if (UNSUPPORTED.contains(key)) {
                findings.warn(path + "." + key, "not supported by Vigil; dropped");
            } else if (!SUPPORTED.contains(key)) {
                findings.warn(path + "." + key, ComposeLoader.unknown(key, ALL));
            }
        }
        if (keys.containsKey("profiles")) {
            List<String> named = strings(keys.get("profiles"), path + ".profiles");
            if (named.stream().noneMatch(profiles::contains)) {
                findings.warn(path + ".profiles", "profile " + String.join(", ", named)
                        + " not active; service not imported");
                return Optional.empty();
            }
        }
        Optional<String> image = Optional.ofNullable(keys.get("image")).flatMap(n -> findings.string(n, path + ".image"));
        if (keys.containsKey("build")) {
            findings.warn(path + ".build", "not supported (Vigil does not build images); "
                    + image.map(i -> "the image `" + i + "` is used as it is").orElse("the service needs an image"));
            if (image.isEmpty()) {
                return Optional.empty();
            }
        } else if (image.isEmpty() && !keys.containsKey("image")) {
            findings.problem(keyNode, path, "missing `image`");
            return Optional.empty();
        }
        if (image.isEmpty()) {
            return Optional.empty();
        }
        List<String> command = Optional.ofNullable(keys.get("command")).flatMap(n -> command(n, path + ".command"))
                .orElse(List.of());
        Optional<List<String>> entrypoint = Optional.ofNullable(keys.get("entrypoint"))
                .flatMap(n -> command(n, path + ".entrypoint"));
        if (entrypoint.isPresent() && entrypoint.get().isEmpty()) {
            findings.warn(path + ".entrypoint", "an empty entrypoint is not supported; the image's ENTRYPOINT is kept");
            entrypoint = Optional.empty();
        }
        Map<String, String> env = new LinkedHashMap<>();
        Optional.ofNullable(keys.get("env_file")).ifPresent(n -> envFiles(n, path + ".env_file", env));
        Optional.ofNullable(keys.get("environment")).ifPresent(n -> environment(n, path + ".environment", env));
        List<PortMapping> ports = Optional.ofNullable(keys.get("ports")).map(n -> ports(n, path + ".ports"))
                .orElse(List.of());
        List<VolumeMount> mounts = Optional.ofNullable(keys.get("volumes")).map(n -> volumes(n, path + ".volumes"))
                .orElse(List.of());
        Optional<String> network = Optional.ofNullable(keys.get("networks")).flatMap(n -> network(n, path + ".networks"));
        Resources resources = resources(keys, path);
        Map<String, String> labels = Optional.ofNullable(keys.get("labels")).map(n -> labels(n, path + ".labels"))
                .orElse(Map.of());
        Healthcheck.Result healthcheck = Optional.ofNullable(keys.get("healthcheck"))
                .map(n -> healthchecks.read(n, path + ".healthcheck")).orElse(Healthcheck.Result.IMAGES_OWN);
        List<ProbeSpec> health = healthcheck.probes();
        RestartSpec restart = Optional.ofNullable(keys.get("restart")).map(n -> restart(n, path + ".restart"))
                .orElse(RestartSpec.DEFAULT);
        StopSpec stop = stop(keys, path);
        if (keys.containsKey("container_name")) {
            findings.warn(path + ".container_name", "Vigil names containers itself; dropped");
        }
        List<Ref> refs = Optional.ofNullable(keys.get("depends_on"))
                .map(n -> dependsOn(n, path + ".depends_on", name, declared)).orElse(List.of());
        PullPolicy pull = Optional.ofNullable(keys.get("pull_policy"))
                .map(n -> pullPolicy(n, path + ".pull_policy")).orElse(PullPolicy.MISSING);
        ContainerSpec container = new ContainerSpec(image.get(), entrypoint, ports, mounts, network, resources, labels,
                healthcheck.imageHealthcheck(), pull);
        ServiceSpec spec = ServiceSpec.of(name, command, directory).withEnv(env).withHealth(health).withRestart(restart)
                .withStop(stop).withContainer(container);
        return Optional.of(new Draft(spec, refs));
    }

    private Optional<List<String>> command(Node node, String path) {
        if (YamlNodes.isNull(node)) {
            return Optional.empty();
        }
        if (node instanceof ScalarNode s) {
            try {
                return Optional.of(CommandLineSplitter.split(s.getValue()));
            } catch (IllegalArgumentException e) {
                findings.problem(node, path, "cannot split the command: " + e.getMessage());
                return Optional.empty();
            }
        }
        if (node instanceof SequenceNode) {
            return Optional.of(strings(node, path));
        }
        findings.wrongType(node, path, "a command (a list of strings or a string)");
        return Optional.empty();
    }

    private void environment(Node node, String path, Map<String, String> env) {
        if (node instanceof SequenceNode list) {
            for (int i = 0; i < list.getValue().size(); i++) {
                String itemPath = path + "[" + i + "]";
                Node item = list.getValue().get(i);
                findings.string(item, itemPath).ifPresent(text -> {
                    int eq = text.indexOf('=');
                    variable(eq < 0 ? text : text.substring(0, eq),
                            eq < 0 ? Optional.empty() : Optional.of(text.substring(eq + 1)), itemPath, env);
                });
            }
        } else if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                String key = keyName(t.getKeyNode());
                Node value = t.getValueNode();
                if (!(value instanceof ScalarNode s)) {
                    findings.wrongType(value, path + "." + key, "a string, number or boolean");
                    continue;
                }
                variable(key, YamlNodes.isNull(s) ? Optional.empty() : Optional.of(s.getValue()), path + "." + key, env);
            }
        } else if (!YamlNodes.isNull(node)) {
            findings.wrongType(node, path, "a map or a list of `KEY=value`");
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

    private void envFiles(Node node, String path, Map<String, String> env) {
        boolean list = node instanceof SequenceNode;
        List<Node> items = list ? ((SequenceNode) node).getValue() : List.of(node);
        for (int i = 0; i < items.size(); i++) {
            Node item = items.get(i);
            String itemPath = list ? path + "[" + i + "]" : path;
            if (item instanceof MappingNode m) {
                Map<String, Node> keys = options(m, itemPath, List.of("path", "required", "format"));
                Optional<String> file = Optional.ofNullable(keys.get("path")).flatMap(n -> findings.string(n, itemPath + ".path"));
                boolean required = Optional.ofNullable(keys.get("required")).map(n -> bool(n, itemPath + ".required"))
                        .orElse(true);
                if (keys.containsKey("format")) {
                    findings.warn(itemPath + ".format", "not supported by Vigil; read as a dotenv file");
                }
                if (file.isEmpty() && !keys.containsKey("path")) {
                    findings.problem(item, itemPath, "missing `path`");
                }
                file.ifPresent(f -> envFile(item, itemPath, f, required, env));
            } else {
                findings.string(item, itemPath).ifPresent(f -> envFile(item, itemPath, f, true, env));
            }
        }
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
        List<PortMapping> ports = new ArrayList<>();
        if (!(node instanceof SequenceNode list)) {
            findings.wrongType(node, path, "a list of ports");
            return ports;
        }
        for (int i = 0; i < list.getValue().size(); i++) {
            Node item = list.getValue().get(i);
            String itemPath = path + "[" + i + "]";
            try {
                if (item instanceof MappingNode m) {
                    longPort(m, itemPath).ifPresent(ports::add);
                } else {
                    Optional<String> text = findings.string(item, itemPath);
                    if (text.isPresent()) {
                        PortMapping port = Ports.parse(text.get());
                        if (!text.get().startsWith(port.hostIp()) && !text.get().startsWith("[")) {
                            findings.warn(itemPath, YamlNodes.quote(text.get()) + " is published on "
                                    + Ports.DEFAULT_HOST_IP + " only (Compose publishes on all interfaces); write `0.0.0.0:"
                                    + text.get() + "` to publish beyond this machine");
                        }
                        ports.add(port);
                    }
                }
            } catch (IllegalArgumentException e) {
                findings.problem(item, itemPath, e.getMessage());
            }
        }
        return ports;
    }

    private Optional<PortMapping> longPort(MappingNode node, String path) {
        Map<String, Node> keys = options(node, path, List.of("target", "published", "host_ip", "protocol", "mode",
                "name", "app_protocol"));
        for (String dropped : List.of("mode", "name", "app_protocol")) {
            if (keys.containsKey(dropped)) {
                findings.warn(path + "." + dropped, "not supported by Vigil; dropped");
            }
        }
        Optional<String> target = Optional.ofNullable(keys.get("target")).flatMap(n -> findings.string(n, path + ".target"));
        if (target.isEmpty()) {
            if (!keys.containsKey("target")) {
                findings.problem(node, path, "missing `target`");
            }
            return Optional.empty();
        }
        String published = Optional.ofNullable(keys.get("published")).flatMap(n -> findings.string(n, path + ".published"))
                .orElse("0");
        Optional<String> hostIp = Optional.ofNullable(keys.get("host_ip")).flatMap(n -> findings.string(n, path + ".host_ip"));
        String protocol = Optional.ofNullable(keys.get("protocol")).flatMap(n -> findings.string(n, path + ".protocol"))
                .orElse("tcp");
        if (hostIp.isEmpty()) {
            findings.warn(path, "published on " + Ports.DEFAULT_HOST_IP + " only (Compose publishes on all interfaces);"
                    + " set `host_ip: 0.0.0.0` to publish beyond this machine");
        }
        return Optional.of(Ports.of(hostIp.orElse(Ports.DEFAULT_HOST_IP), published, target.get(), protocol));
    }

    private List<VolumeMount> volumes(Node node, String path) {
        List<VolumeMount> mounts = new ArrayList<>();
        if (!(node instanceof SequenceNode list)) {
            findings.wrongType(node, path, "a list of volumes");
            return mounts;
        }
        for (int i = 0; i < list.getValue().size(); i++) {
            Node item = list.getValue().get(i);
            String itemPath = path + "[" + i + "]";
            try {
                if (item instanceof MappingNode m) {
                    longVolume(m, itemPath).ifPresent(mounts::add);
                } else {
                    findings.string(item, itemPath).flatMap(text -> shortVolume(item, text, itemPath))
                            .ifPresent(mounts::add);
                }
            } catch (IllegalArgumentException e) {
                findings.problem(item, itemPath, e.getMessage());
            }
        }
        return mounts;
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
        Map<String, Node> keys = options(node, path, List.of("type", "source", "target", "read_only", "bind", "volume",
                "tmpfs", "image", "consistency"));
        for (String dropped : List.of("bind", "volume", "tmpfs", "image", "consistency")) {
            if (keys.containsKey(dropped)) {
                findings.warn(path + "." + dropped, "not supported by Vigil; dropped");
            }
        }
        String type = Optional.ofNullable(keys.get("type")).flatMap(n -> findings.string(n, path + ".type")).orElse("volume");
        Optional<String> source = Optional.ofNullable(keys.get("source")).flatMap(n -> findings.string(n, path + ".source"));
        Optional<String> target = Optional.ofNullable(keys.get("target")).flatMap(n -> findings.string(n, path + ".target"));
        boolean readOnly = Optional.ofNullable(keys.get("read_only")).map(n -> bool(n, path + ".read_only")).orElse(false);
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

    private Optional<VolumeMount> mount(Node node, String source, String target, boolean readOnly, String path) {
        if (!source.isEmpty() && !source.startsWith("/") && !source.startsWith(".") && !source.startsWith("~")) {
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
                String name = keyName(t.getKeyNode());
                names.add(name);
                if (!YamlNodes.isNull(t.getValueNode())) {
                    findings.warn(path + "." + name, "network options (aliases, addresses) are not supported by Vigil;"
                            + " dropped");
                }
            }
        } else {
            names.addAll(strings(node, path));
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

    private Resources resources(Map<String, Node> keys, String path) {
        Optional<Long> memory = Optional.ofNullable(keys.get("mem_limit")).flatMap(n -> size(n, path + ".mem_limit"));
        Optional<Double> cpus = Optional.ofNullable(keys.get("cpus")).flatMap(n -> cpus(n, path + ".cpus"));
        Optional<Long> pids = Optional.ofNullable(keys.get("pids_limit")).flatMap(n -> pids(n, path + ".pids_limit"));
        Node deploy = keys.get("deploy");
        if (deploy instanceof MappingNode d) {
            Map<String, Node> deployKeys = options(d, path + ".deploy", List.of("resources", "replicas", "mode",
                    "restart_policy", "placement", "update_config", "rollback_config", "endpoint_mode", "labels"));
            for (String key : deployKeys.keySet()) {
                if (!key.equals("resources")) {
                    findings.warn(path + ".deploy." + key, "not supported by Vigil; dropped");
                }
            }
            if (deployKeys.get("resources") instanceof MappingNode r) {
                String rPath = path + ".deploy.resources";
                Map<String, Node> rKeys = options(r, rPath, List.of("limits", "reservations"));
                if (rKeys.containsKey("reservations")) {
                    findings.warn(rPath + ".reservations", "not enforced by Vigil; dropped");
                }
                if (rKeys.get("limits") instanceof MappingNode l) {
                    String lPath = rPath + ".limits";
                    Map<String, Node> lKeys = options(l, lPath, List.of("memory", "cpus", "pids", "devices"));
                    if (lKeys.containsKey("devices")) {
                        findings.warn(lPath + ".devices", "not supported by Vigil; dropped");
                    }
                    // deploy.resources.limits is the newer way to say it: it wins over mem_limit, cpus, pids_limit.
                    Optional<Long> m = Optional.ofNullable(lKeys.get("memory")).flatMap(n -> size(n, lPath + ".memory"));
                    Optional<Double> c = Optional.ofNullable(lKeys.get("cpus")).flatMap(n -> cpus(n, lPath + ".cpus"));
                    Optional<Long> p = Optional.ofNullable(lKeys.get("pids")).flatMap(n -> pids(n, lPath + ".pids"));
                    memory = m.isPresent() ? m : memory;
                    cpus = c.isPresent() ? c : cpus;
                    pids = p.isPresent() ? p : pids;
                }
            }
        } else if (deploy != null && !YamlNodes.isNull(deploy)) {
            findings.wrongType(deploy, path + ".deploy", "a map");
        }
        return new Resources(memory, cpus, pids);
    }

    private Optional<Long> size(Node node, String path) {
        Optional<Long> value = findings.string(node, path).flatMap(Sizes::parse).filter(v -> v > 0);
        if (value.isEmpty() && node instanceof ScalarNode s && !YamlNodes.isNull(s)) {
            findings.problem(node, path, YamlNodes.quote(s.getValue()) + " is not a size; write e.g. `512m`, `1g`");
        }
        return value;
    }

    private Optional<Double> cpus(Node node, String path) {
        Optional<String> text = findings.string(node, path);
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
        Optional<String> text = findings.string(node, path);
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
                findings.string(list.getValue().get(i), itemPath).ifPresent(text -> {
                    int eq = text.indexOf('=');
                    label(eq < 0 ? text : text.substring(0, eq), eq < 0 ? "" : text.substring(eq + 1), itemPath, labels);
                });
            }
        } else if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                String key = keyName(t.getKeyNode());
                String value = t.getValueNode() instanceof ScalarNode s && !YamlNodes.isNull(s) ? s.getValue() : "";
                label(key, value, path + "." + key, labels);
            }
        } else {
            findings.wrongType(node, path, "a map of labels or a list of `key=value`");
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
        Optional<String> text = findings.string(node, path).map(String::trim);
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

    private StopSpec stop(Map<String, Node> keys, String path) {
        Signal signal = Optional.ofNullable(keys.get("stop_signal")).flatMap(n -> findings.string(n, path + ".stop_signal")
                .flatMap(text -> {
                    Optional<Signal> s = Signal.parse(text);
                    if (s.isEmpty()) {
                        findings.problem(n, path + ".stop_signal", "unknown signal " + YamlNodes.quote(text)
                                + "; Vigil knows HUP, INT, QUIT, KILL, USR1, USR2, TERM, CONT, STOP");
                    }
                    return s;
                })).orElse(StopSpec.DEFAULT.signal());
        Duration grace = Optional.ofNullable(keys.get("stop_grace_period"))
                .flatMap(n -> Healthcheck.duration(n, path + ".stop_grace_period", findings)).orElse(StopSpec.DEFAULT_GRACE);
        return new StopSpec(signal, grace);
    }

    private List<Ref> dependsOn(Node node, String path, String self, Set<String> declared) {
        List<Ref> refs = new ArrayList<>();
        if (node instanceof SequenceNode list) {
            for (int i = 0; i < list.getValue().size(); i++) {
                Node item = list.getValue().get(i);
                String itemPath = path + "[" + i + "]";
                findings.string(item, itemPath).ifPresent(name ->
                        ref(name, Dependency.Condition.STARTED, item, itemPath, self, declared).ifPresent(refs::add));
            }
        } else if (node instanceof MappingNode map) {
            for (NodeTuple t : map.getValue()) {
                String name = keyName(t.getKeyNode());
                String entryPath = path + "." + name;
                Dependency.Condition condition = Dependency.Condition.STARTED;
                if (t.getValueNode() instanceof MappingNode options) {
                    Map<String, Node> keys = options(options, entryPath, List.of("condition", "restart", "required"));
                    condition = Optional.ofNullable(keys.get("condition"))
                            .flatMap(n -> condition(n, entryPath + ".condition")).orElse(condition);
                    if (keys.containsKey("restart")) {
                        findings.warn(entryPath + ".restart", "not supported by Vigil; dropped");
                    }
                    if (keys.containsKey("required") && !bool(keys.get("required"), entryPath + ".required")) {
                        findings.warn(entryPath + ".required", "Vigil waits for every dependency; `required: false` dropped");
                    }
                } else if (!YamlNodes.isNull(t.getValueNode())) {
                    findings.wrongType(t.getValueNode(), entryPath, "a map with `condition`");
                }
                ref(name, condition, t.getKeyNode(), entryPath, self, declared).ifPresent(refs::add);
            }
        } else {
            findings.wrongType(node, path, "a list of service names or a map of name to condition");
        }
        return refs;
    }

    private Optional<Dependency.Condition> condition(Node node, String path) {
        return findings.string(node, path).flatMap(text -> switch (text) {
            case "service_started" -> Optional.of(Dependency.Condition.STARTED);
            case "service_healthy" -> Optional.of(Dependency.Condition.HEALTHY);
            case "service_completed_successfully" -> {
                findings.warn(path, "Vigil has no one-shot services; waits for it to be started");
                yield Optional.of(Dependency.Condition.STARTED);
            }
            default -> {
                findings.problem(node, path, "unknown condition " + YamlNodes.quote(text) + "; "
                        + Suggestions.closest(text, CONDITIONS).map(s -> "did you mean `" + s + "`?")
                        .orElse("expected one of " + String.join(", ", CONDITIONS)));
                yield Optional.empty();
            }
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

    /** The entries of a map of options; keys outside {@code known} are warned about and left out. */
    private Map<String, Node> options(MappingNode map, String path, List<String> known) {
        Map<String, Node> keys = new LinkedHashMap<>();
        for (NodeTuple t : map.getValue()) {
            String key = keyName(t.getKeyNode());
            if (key.startsWith("x-")) {
                continue;
            }
            if (known.contains(key)) {
                keys.put(key, t.getValueNode());
            } else {
                findings.warn(path + "." + key, ComposeLoader.unknown(key, known));
            }
        }
        return keys;
    }

    private List<String> strings(Node node, String path) {
        List<String> out = new ArrayList<>();
        if (node instanceof SequenceNode list) {
            for (int i = 0; i < list.getValue().size(); i++) {
                findings.string(list.getValue().get(i), path + "[" + i + "]").ifPresent(out::add);
            }
        } else {
            findings.wrongType(node, path, "a list of strings");
        }
        return out;
    }

    private boolean bool(Node node, String path) {
        if (node instanceof ScalarNode s && s.getValue().matches("true|false")) {
            return Boolean.parseBoolean(s.getValue());
        }
        findings.wrongType(node, path, "true or false");
        return false;
    }

    static String keyName(Node key) {
        return key instanceof ScalarNode s ? s.getValue() : YamlNodes.describe(key);
    }

    /** {@code always}, {@code never}, {@code missing} (also {@code if_not_present}); the others warn, as missing. */
    private PullPolicy pullPolicy(Node node, String path) {
        Optional<String> text = findings.string(node, path).map(String::trim);
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
