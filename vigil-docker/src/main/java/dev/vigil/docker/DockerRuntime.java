package dev.vigil.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import dev.vigil.runtime.Adoption;
import dev.vigil.runtime.Instance;
import dev.vigil.runtime.LazyRuntimeProvider;
import dev.vigil.runtime.Runtime;
import dev.vigil.runtime.Slot;
import dev.vigil.runtime.StartFailure;
import dev.vigil.stack.ContainerSpec.Resources;
import dev.vigil.stack.ContainerSpec;
import dev.vigil.stack.ExecProbeSpec;
import dev.vigil.stack.ProbeSpec;
import dev.vigil.stack.ProbeTiming;
import dev.vigil.stack.PullPolicy;
import dev.vigil.stack.ServiceSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * Runs services as containers through the Docker Engine API (Docker, or Podman's compatible service). Containers
 * are named {@code vigil-<stack>-<service>} and labelled with the stack and service, so Vigil only ever touches
 * its own; the engine's restart policy is "no" because Vigil heals.
 */
public final class DockerRuntime implements Runtime {

    private final String stack;
    private final Path logsDir;
    private final Engine engine;
    private final boolean ownsEngine;
    private final DockerClient client;
    /** Docker's interval and timeout for a HEALTHCHECK that sets none. */
    private static final Duration IMAGE_DEFAULT_INTERVAL = Duration.ofSeconds(30);

    /** The longest a pull may take. */
    private static final Duration PULL_TIMEOUT = Duration.ofMinutes(10);

    /** In-place restarts in a row before a container is recreated from its image instead. */
    static final int IN_PLACE_RESTARTS = 2;

    private final Map<String, Integer> inPlaceStreak = new ConcurrentHashMap<>();
    private final Set<String> justPulled = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ExitEvents exits;
    private final List<ContainerLogCopier> logCopiers = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Connects to the engine named by DOCKER_HOST (or the usual sockets); fails with every place it tried. */
    public DockerRuntime(String stackName, Path logsDir) {
        this(stackName, logsDir, Engine.connect(System.getenv()), true);
    }

    /**
     * The provider of container services (those with an image) for a stack; it connects to the engine only when
     * the first of them needs it.
     */
    public static LazyRuntimeProvider<DockerRuntime> provider(String stackName, Path logsDir) {
        return new LazyRuntimeProvider<>("docker", ServiceSpec::isContainer, () -> new DockerRuntime(stackName, logsDir));
    }

    /** Uses a connection the caller keeps (and closes). */
    public DockerRuntime(String stackName, Path logsDir, Engine engine) {
        this(stackName, logsDir, engine, false);
    }

    private DockerRuntime(String stackName, Path logsDir, Engine engine, boolean ownsEngine) {
        this.stack = stackName;
        this.logsDir = logsDir;
        this.engine = engine;
        this.ownsEngine = ownsEngine;
        this.client = engine.client();
        this.exits = new ExitEvents(client, stackName, executor, Instant.now().getEpochSecond());
        exits.open();
    }

    @Override
    public String name() {
        return "docker";
    }

    /** The stack whose containers this runtime runs. */
    public String stack() {
        return stack;
    }

    @Override
    public Instance start(ServiceSpec spec, Slot slot) {
        ContainerSpec container = containerOf(spec);
        String name = VigilLabels.containerName(stack, spec.name(), slot);
        try {
            Optional<InspectContainerResponse> existing = existing(name, spec.name(), slot);
            if (existing.isPresent()) {
                Optional<ContainerInstance> restarted = restartInPlace(spec, slot, existing.get());
                if (restarted.isPresent()) {
                    return restarted.get();
                }
                removeQuietly(existing.get().getId());
            }
            inPlaceStreak.remove(name);
            pull(container);
            String network = container.network().orElseGet(this::stackNetwork);
            String id = create(spec, slot, container, name, network);
            ContainerInstance instance;
            try {
                client.startContainerCmd(id).exec();
                instance = watch(spec, slot, client.inspectContainerCmd(id).exec(), 0);
            } catch (DockerException e) {
                removeQuietly(id);
                throw e;
            }
            return instance;
        } catch (StartFailure e) {
            throw e;
        } catch (DockerException e) {
            throw new StartFailure("cannot start " + spec.name() + " as container " + name + ": " + message(e), e);
        }
    }

    private static ContainerSpec containerOf(ServiceSpec spec) {
        return spec.container().orElseThrow(() -> new StartFailure(
                "service " + spec.name() + " has no image: the docker runtime only runs containers"));
    }

    /** The container of that name if it is Vigil's; anyone else's is never touched, so it fails the start. */
    private Optional<InspectContainerResponse> existing(String name, String service, Slot slot) {
        InspectContainerResponse existing;
        try {
            existing = client.inspectContainerCmd(name).exec();
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        if (!VigilLabels.owns(existing.getConfig().getLabels(), stack, service, slot)) {
            throw new StartFailure("a container named " + name + " already exists and is not Vigil's (it lacks the"
                    + " labels " + VigilLabels.STACK + "=" + stack + " and " + VigilLabels.SERVICE + "=" + service
                    + "); Vigil leaves it alone: remove or rename it to run " + service);
        }
        return Optional.of(existing);
    }

    /**
     * The recovery ladder's restart for a container: the same container started again, its writable layer kept,
     * as {@code docker restart} does. Not when it still runs, when it was made from another definition, when its
     * start fails, or after {@value #IN_PLACE_RESTARTS} in-place restarts in a row: then it is recreated from the
     * image, the ladder's last step. A run of at least the service's {@code reset_after} ends the row.
     */
    private Optional<ContainerInstance> restartInPlace(ServiceSpec spec, Slot slot, InspectContainerResponse existing) {
        String name = VigilLabels.containerName(stack, spec.name(), slot);
        var state = existing.getState();
        Map<String, String> labels = existing.getConfig().getLabels();
        if (Boolean.TRUE.equals(state.getRunning()) || !definition(spec).equals(labels.get(VigilLabels.DEFINITION))) {
            return Optional.empty();
        }
        Optional<Instant> finished = instant(state.getFinishedAt());
        boolean ranStably = finished.isPresent()
                && !Duration.between(startedAt(state.getStartedAt()), finished.get()).minus(spec.restart().resetAfter())
                .isNegative();
        int streak = ranStably ? 0 : inPlaceStreak.getOrDefault(name, 0);
        if (streak >= IN_PLACE_RESTARTS) {
            return Optional.empty();
        }
        try {
            client.startContainerCmd(existing.getId()).exec();
            InspectContainerResponse started = client.inspectContainerCmd(existing.getId()).exec();
            inPlaceStreak.put(name, streak + 1);
            // Its log holds the earlier runs too: follow it from this start on.
            return Optional.of(watch(spec, slot, started,
                    (int) startedAt(started.getState().getStartedAt()).getEpochSecond()));
        } catch (DockerException e) {
            return Optional.empty();
        }
    }

    /**
     * A hash of everything a service's container is created from (image, command, entrypoint, environment, ports,
     * volumes, network, limits, labels, healthcheck), with maps in key order. Kept as a label, never the values.
     */
    static String definition(ServiceSpec spec) {
        ContainerSpec c = containerOf(spec);
        String canonical = String.join("\u0000", List.of(c.image(), String.valueOf(c.entrypoint()),
                String.valueOf(spec.command()), new TreeMap<>(spec.env()).toString(), c.ports().toString(),
                c.volumes().toString(), String.valueOf(c.network()), c.resources().toString(),
                new TreeMap<>(c.labels()).toString(), String.valueOf(healthcheck(spec))));
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private synchronized String stackNetwork() {
        String network = VigilLabels.networkName(stack);
        try {
            client.inspectNetworkCmd().withNetworkId(network).exec();
        } catch (NotFoundException e) {
            try {
                client.createNetworkCmd().withName(network).withDriver("bridge")
                        .withLabels(Map.of(VigilLabels.STACK, stack)).exec();
            } catch (ConflictException raced) {
                // Created by someone else between the two calls: it exists, which is all that is needed.
            }
        }
        return network;
    }

    private String create(ServiceSpec spec, Slot slot, ContainerSpec container, String name, String network) {
        Resources limits = container.resources();
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(network)
                .withRestartPolicy(RestartPolicy.noRestart())
                .withPortBindings(portBindings(container))
                .withBinds(binds(container));
        limits.memoryBytes().ifPresent(bytes -> host.withMemory(bytes).withMemorySwap(bytes));
        limits.cpus().ifPresent(cpus -> host.withNanoCPUs(Math.round(cpus * 1_000_000_000L)));
        limits.pids().ifPresent(host::withPidsLimit);

        createMissingVolumes(container);
        CreateContainerCmd create = client.createContainerCmd(container.image())
                .withName(name)
                .withLabels(VigilLabels.of(stack, spec.name(), slot, container.labels(), limits, definition(spec)))
                .withEnv(spec.env().entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList())
                .withExposedPorts(container.ports().stream().map(DockerRuntime::exposed).toList())
                .withHostConfig(host);
        if (container.network().isEmpty()) {
            // On the stack's own network, services find each other by service name, as under compose.
            create = create.withAliases(spec.name());
        }
        if (!spec.command().isEmpty()) {
            create = create.withCmd(spec.command());
        }
        if (container.entrypoint().isPresent()) {
            create = create.withEntrypoint(container.entrypoint().get());
        }
        Optional<ExecProbeSpec> healthcheck = healthcheck(spec);
        if (healthcheck.isPresent()) {
            create = create.withHealthcheck(dockerHealthcheck(healthcheck.get()));
        }
        try {
            return create.exec().getId();
        } catch (NotFoundException e) {
            throw new StartFailure("image " + container.image() + " is not on this engine (" + engine.host()
                    + ") and its pull policy is `never`: " + message(e), e);
        }
    }

    /**
     * The exec probe that becomes the container's HEALTHCHECK: the service's first (a compose healthcheck is one).
     * An engine that runs healthchecks runs it, and {@link ContainerProbes} reads its results instead of running
     * the command again; other exec probes always run through {@link #exec}.
     */
    static Optional<ExecProbeSpec> healthcheck(ServiceSpec spec) {
        return spec.health().stream().filter(ExecProbeSpec.class::isInstance).map(ExecProbeSpec.class::cast)
                .findFirst();
    }

    private static HealthCheck dockerHealthcheck(ExecProbeSpec exec) {
        ProbeTiming t = exec.timing();
        // The engine's floor for these durations is 1 ms; 0 means its default.
        return new HealthCheck().withTest(healthcheckTest(exec.command()))
                .withInterval(Math.max(1_000_000L, t.interval().toNanos()))
                .withTimeout(Math.max(1_000_000L, t.timeout().toNanos()))
                .withStartPeriod(t.startPeriod().isZero() ? 0L : Math.max(1_000_000L, t.startPeriod().toNanos()))
                .withRetries(t.failureThreshold());
    }

    /**
     * Readies a service before the stack is supervised: its image pulled as its policy says (a failure is left to
     * the start, which names it), then its image's HEALTHCHECK taken over ({@link #withImageHealthcheck}).
     */
    @Override
    public ServiceSpec prepare(ServiceSpec spec) {
        spec.container().ifPresent(c -> {
            try {
                pull(c);
                if (c.pull() == PullPolicy.ALWAYS) {
                    // Just pulled: the container created next need not pull it again.
                    justPulled.add(c.image());
                }
            } catch (StartFailure e) {
                // The start tries again and fails with this message.
            }
        });
        return withImageHealthcheck(spec);
    }

    /**
     * Pulls the container's image from its registry when its policy says so: {@code missing} when the engine does
     * not have it, {@code always} every time (going on with the engine's copy when the registry fails, so healing
     * never waits on a registry), {@code never} not at all.
     */
    private void pull(ContainerSpec container) {
        String image = container.image();
        if (justPulled.remove(image)) {
            return;
        }
        boolean present = imagePresent(image);
        if (container.pull() == PullPolicy.NEVER || (container.pull() == PullPolicy.MISSING && present)) {
            return;
        }
        int at = image.indexOf('@');
        int colon = image.lastIndexOf(':');
        String repository = at >= 0 ? image.substring(0, at)
                : colon > image.lastIndexOf('/') ? image.substring(0, colon) : image;
        String tag = at >= 0 ? image.substring(at + 1) : colon > image.lastIndexOf('/') ? image.substring(colon + 1)
                : "latest";
        try {
            boolean done = client.pullImageCmd(repository).withTag(tag).exec(new PullImageResultCallback())
                    .awaitCompletion(PULL_TIMEOUT.toMinutes(), TimeUnit.MINUTES);
            if (!done) {
                throw new StartFailure("pulling " + image + " took longer than " + PULL_TIMEOUT.toMinutes() + " min");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StartFailure("interrupted while pulling " + image, e);
        } catch (RuntimeException e) {
            if (present) {
                return;
            }
            String reason = e instanceof DockerException d ? message(d) : e.getMessage();
            throw new StartFailure("could not pull " + image + " (pull: " + container.pull().yamlName() + ") through "
                    + engine.host() + ": " + reason, e);
        }
    }

    private boolean imagePresent(String image) {
        try {
            client.inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /**
     * The service with its image's own HEALTHCHECK as its exec probe, when it is a container that declares no exec
     * probe, allows it ({@link ContainerSpec#imageHealthcheck()}) and its image has one; else the service as it is.
     * Docker runs an image's HEALTHCHECK whether or not a compose file mentions it, so Vigil supervises it too.
     * An image the engine does not have is left to the start, which names it.
     */
    public ServiceSpec withImageHealthcheck(ServiceSpec spec) {
        Optional<ContainerSpec> container = spec.container();
        if (container.isEmpty() || !container.get().imageHealthcheck() || healthcheck(spec).isPresent()) {
            return spec;
        }
        Optional<HealthCheck> own;
        try {
            own = imageHealthcheck(container.get().image());
        } catch (NotFoundException e) {
            return spec;
        }
        return own.flatMap(DockerRuntime::probeOf).map(probe -> {
            List<ProbeSpec> health = new ArrayList<>(spec.health());
            health.add(probe);
            return spec.withHealth(health);
        }).orElse(spec);
    }

    private Optional<HealthCheck> imageHealthcheck(String image) {
        var config = client.inspectImageCmd(image).exec().getConfig();
        if (config != null && config.getHealthcheck() != null && config.getHealthcheck().getTest() != null) {
            return Optional.of(config.getHealthcheck());
        }
        // Podman 4 leaves it out of an image's inspect, but gives it to each container created from the image: ask
        // one that is never started.
        String id = client.createContainerCmd(image).withCmd("true").withLabels(Map.of(VigilLabels.STACK, stack))
                .exec().getId();
        try {
            return Optional.ofNullable(client.inspectContainerCmd(id).exec().getConfig().getHealthcheck());
        } finally {
            removeQuietly(id);
        }
    }

    /** An image's HEALTHCHECK as an exec probe, with Docker's defaults for what it leaves unset (30s, 30s, 0s, 3). */
    static Optional<ExecProbeSpec> probeOf(HealthCheck healthcheck) {
        if (healthcheck == null || healthcheck.getTest() == null || healthcheck.getTest().isEmpty()) {
            return Optional.empty();
        }
        List<String> test = healthcheck.getTest();
        List<String> rest = test.subList(1, test.size());
        List<String> command;
        switch (test.get(0)) {
            case "CMD" -> command = rest;
            case "CMD-SHELL" -> command = List.of("/bin/sh", "-c", String.join(" ", rest));
            default -> {
                return Optional.empty();
            }
        }
        if (command.isEmpty()) {
            return Optional.empty();
        }
        ProbeTiming timing = new ProbeTiming(
                nanos(healthcheck.getInterval()).orElse(IMAGE_DEFAULT_INTERVAL),
                nanos(healthcheck.getTimeout()).orElse(IMAGE_DEFAULT_INTERVAL),
                nanos(healthcheck.getStartPeriod()).orElse(Duration.ZERO),
                healthcheck.getRetries() == null || healthcheck.getRetries() <= 0 ? 3 : healthcheck.getRetries(),
                ProbeTiming.DEFAULT_SUCCESS_THRESHOLD);
        return Optional.of(new ExecProbeSpec(command, timing));
    }

    private static Optional<Duration> nanos(Long value) {
        return value == null || value <= 0 ? Optional.empty() : Optional.of(Duration.ofNanos(value));
    }

    /**
     * The HEALTHCHECK test for a command: {@code CMD} and the arguments when none holds whitespace, else
     * {@code CMD-SHELL}, since Podman 4 splits {@code CMD} arguments at spaces. A {@code sh -c SCRIPT} command (what
     * a compose {@code CMD-SHELL} test becomes) is that script; any other is its arguments, each single-quoted.
     */
    static List<String> healthcheckTest(List<String> command) {
        if (command.stream().noneMatch(a -> a.isEmpty() || a.chars().anyMatch(Character::isWhitespace))) {
            List<String> test = new ArrayList<>(List.of("CMD"));
            test.addAll(command);
            return test;
        }
        if (command.size() == 3 && List.of("sh", "/bin/sh").contains(command.get(0)) && command.get(1).equals("-c")) {
            return List.of("CMD-SHELL", command.get(2));
        }
        return List.of("CMD-SHELL", String.join(" ",
                command.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList()));
    }

    /**
     * The healthcheck results the engine itself recorded for a container since it started; empty when there is no
     * such container. A container whose healthchecks the engine never runs has no checks.
     */
    public Optional<EngineHealth> engineHealth(String container) {
        InspectContainerResponse inspect;
        try {
            inspect = client.inspectContainerCmd(container).exec();
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        var state = inspect.getState();
        List<EngineHealth.Check> checks = new ArrayList<>();
        HealthState health = state.getHealth();
        if (health != null && health.getLog() != null) {
            for (HealthStateLog log : health.getLog()) {
                Optional<Instant> start = instant(log.getStart());
                Optional<Instant> end = instant(log.getEnd());
                if (start.isPresent() && end.isPresent()) {
                    Long code = log.getExitCodeLong();
                    checks.add(new EngineHealth.Check(start.get(), end.get(), code == null ? -1 : code.intValue(),
                            log.getOutput() == null ? "" : log.getOutput()));
                }
            }
        }
        return Optional.of(new EngineHealth(inspect.getId(), startedAt(state.getStartedAt()), checks));
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Creates the named volumes the container mounts that do not exist yet, labelled with the stack (the engine
     * would create them unlabelled), so `vigil cleanup --volumes` knows them as the stack's. An existing volume
     * is used as it is, whoever made it.
     */
    private void createMissingVolumes(ContainerSpec container) {
        for (ContainerSpec.VolumeMount mount : container.volumes()) {
            if (mount.kind() != ContainerSpec.VolumeMount.Kind.VOLUME) {
                continue;
            }
            try {
                client.inspectVolumeCmd(mount.source()).exec();
            } catch (NotFoundException missing) {
                try {
                    client.createVolumeCmd().withName(mount.source()).withLabels(Map.of(VigilLabels.STACK, stack))
                            .exec();
                } catch (ConflictException e) {
                    // Another service of the stack created it meanwhile.
                }
            }
        }
    }

    private static ExposedPort exposed(ContainerSpec.PortMapping port) {
        return new ExposedPort(port.containerPort(), InternetProtocol.parse(port.protocol()));
    }

    private static List<PortBinding> portBindings(ContainerSpec container) {
        return container.ports().stream()
                .map(p -> new PortBinding(p.hostPort() == 0 ? Ports.Binding.bindIp(p.hostIp())
                        : Ports.Binding.bindIpAndPort(p.hostIp(), p.hostPort()), exposed(p)))
                .toList();
    }

    private static List<Bind> binds(ContainerSpec container) {
        return container.volumes().stream()
                .map(v -> new Bind(v.source(), new Volume(v.target()), v.readOnly() ? AccessMode.ro : AccessMode.rw))
                .toList();
    }

    /** Watches a started (or adopted) container: its exit from the event stream, its output into the log file. */
    private ContainerInstance watch(ServiceSpec spec, Slot slot, InspectContainerResponse inspect, int logsSince) {
        String service = spec.name();
        var state = inspect.getState();
        Long pid = state.getPidLong();
        ContainerInstance instance = new ContainerInstance(client, executor, service, slot, inspect.getId(),
                pid != null && pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty(), startedAt(state.getStartedAt()));
        exits.watch(instance);
        // It may have ended before it was watched: one read closes that gap (the stream replays too).
        instance.settle();
        try {
            ContainerLogCopier copier = ContainerLogCopier.follow(client, inspect.getId(),
                    logFile(service, slot), spec.logs(), logsSince);
            logCopiers.add(copier);
            instance.onExit().whenComplete((status, error) -> logCopiers.remove(copier));
        } catch (IOException e) {
            // The log file cannot be written; the container still runs and the engine keeps its log.
        }
        return instance;
    }

    private static Instant startedAt(String text) {
        try {
            return Instant.parse(text);
        } catch (RuntimeException e) {
            return Instant.now();
        }
    }

    @Override
    public Adoption adopt(ServiceSpec spec) {
        String name = VigilLabels.containerName(stack, spec.name());
        InspectContainerResponse inspect;
        try {
            inspect = client.inspectContainerCmd(name).exec();
        } catch (NotFoundException e) {
            return Adoption.none();
        }
        if (!VigilLabels.owns(inspect.getConfig().getLabels(), stack, spec.name())) {
            return Adoption.none();
        }
        String shortId = inspect.getId().substring(0, 12);
        if (!Boolean.TRUE.equals(inspect.getState().getRunning())) {
            return new Adoption.Gone(shortId, "container " + name + " "
                    + ExitStatuses.of(inspect, false).describe() + " while Vigil was away");
        }
        ContainerInstance instance = watch(spec, Slot.PRIMARY, inspect, (int) Instant.now().getEpochSecond());
        Optional<String> drift = spec.container()
                .map(ContainerSpec::image)
                .filter(image -> !image.equals(inspect.getConfig().getImage()))
                .map(image -> "image: running " + inspect.getConfig().getImage() + ", declared " + image);
        if (drift.isEmpty() && !definition(spec).equals(inspect.getConfig().getLabels().get(VigilLabels.DEFINITION))) {
            drift = Optional.of("the container was created from another definition of " + spec.name());
        }
        return new Adoption.Found(instance, drift);
    }

    @Override
    public Optional<Path> logFile(String service) {
        return Optional.of(logFile(service, Slot.PRIMARY));
    }

    private Path logFile(String service, Slot slot) {
        return logsDir.resolve(service).resolve(slot.qualify(service) + ".log").toAbsolutePath();
    }

    /**
     * Runs a command inside a running container and waits for it (at most {@code timeout}). Vigil runs compose
     * healthchecks this way: Podman without systemd never runs an image's HEALTHCHECK itself.
     */
    public ExecResult exec(String containerId, List<String> cmd, Duration timeout) {
        String execId = client.execCreateCmd(containerId).withCmd(cmd.toArray(String[]::new))
                .withAttachStdout(true).withAttachStderr(true).exec().getId();
        StringBuilder output = new StringBuilder();
        try (var callback = new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (output) {
                    output.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }
        }) {
            boolean finished = client.execStartCmd(execId).exec(callback)
                    .awaitCompletion(timeout.toMillis(), TimeUnit.MILLISECONDS);
            synchronized (output) {
                if (!finished) {
                    return new ExecResult(-1, output.toString(), true);
                }
                Long code = client.inspectExecCmd(execId).exec().getExitCodeLong();
                return new ExecResult(code == null ? -1 : code.intValue(), output.toString(), false);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ExecResult(-1, output.toString(), true);
        } catch (IOException e) {
            throw new StartFailure("exec in " + containerId + " failed: " + e.getMessage(), e);
        }
    }

    /** Every container of the stack (running or not), with the limits declared and those the engine applies. */
    public List<ContainerInfo> containers(String stackName) {
        List<ContainerInfo> result = new ArrayList<>();
        for (Container c : client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(VigilLabels.STACK, stackName)).exec()) {
            InspectContainerResponse inspect;
            try {
                inspect = client.inspectContainerCmd(c.getId()).exec();
            } catch (NotFoundException e) {
                continue;
            }
            Map<String, String> labels = inspect.getConfig().getLabels() == null ? Map.of()
                    : inspect.getConfig().getLabels();
            HostConfig host = inspect.getHostConfig();
            Resources actual = new Resources(
                    positive(host.getMemory()),
                    positive(host.getNanoCPUs()).map(n -> n / 1e9),
                    positive(host.getPidsLimit()));
            String name = inspect.getName() == null ? "" : inspect.getName().replaceFirst("^/", "");
            result.add(new ContainerInfo(inspect.getId().substring(0, 12), name,
                    labels.getOrDefault(VigilLabels.SERVICE, ""), inspect.getState().getStatus(),
                    inspect.getConfig().getImage(), VigilLabels.declared(labels), actual));
        }
        return result;
    }

    private static Optional<Long> positive(Long value) {
        return value == null || value <= 0 ? Optional.empty() : Optional.of(value);
    }

    /** The shared event subscription; package-private so a test can break it as a failing network would. */
    ExitEvents exitEvents() {
        return exits;
    }

    private void removeQuietly(String id) {
        try {
            client.removeContainerCmd(id).withForce(true).exec();
        } catch (NotFoundException e) {
            // Already gone.
        }
    }

    private static String message(DockerException e) {
        String text = e.getMessage();
        return text == null ? e.getClass().getSimpleName() : text.strip();
    }

    /**
     * Removes every container of the stack that no longer runs, as {@code docker compose down} does: stopped
     * containers are kept for an in-place restart until the stack itself goes down.
     */
    @Override
    public void stackStopped() {
        removeExited();
    }

    /** What {@link #stackStopped()} does; tests call it to leave the engine as they found it. */
    public void removeExited() {
        for (Container c : client.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(VigilLabels.STACK, stack)).exec()) {
            if (!"running".equals(c.getState())) {
                removeQuietly(c.getId());
            }
        }
    }

    @Override
    public void close() {
        exits.close();
        for (ContainerLogCopier copier : logCopiers) {
            try {
                copier.close();
            } catch (IOException e) {
                // Closing a finished stream again.
            }
        }
        executor.shutdown();
        if (ownsEngine) {
            engine.close();
        }
    }
}
