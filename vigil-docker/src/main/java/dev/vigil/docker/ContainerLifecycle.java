package dev.vigil.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import dev.vigil.runtime.Adoption;
import dev.vigil.runtime.Slot;
import dev.vigil.runtime.StartChoice;
import dev.vigil.runtime.StartFailure;
import dev.vigil.stack.ContainerSpec;
import dev.vigil.stack.ContainerSpec.Resources;
import dev.vigil.stack.Durations;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.time.Scheduler;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The life of a stack's containers: created from a service (with its network and volumes), restarted in place or
 * recreated, adopted after a restart of Vigil, and watched (exit from the event stream, output into the log file).
 */
final class ContainerLifecycle implements AutoCloseable {

    /** In-place restarts in a row before a container is recreated from its image instead. */
    static final int IN_PLACE_RESTARTS = 2;

    private final DockerClient client;
    private final String engineHost;
    private final String stack;
    private final Path logsDir;
    private final Images images;
    private final Map<String, Integer> inPlaceStreak = new ConcurrentHashMap<>();
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ExitEvents exits;
    private final List<ContainerLogCopier> logCopiers = new CopyOnWriteArrayList<>();

    private final Scheduler scheduler;
    private final Cgroups cgroups;
    private final EngineStats stats;

    ContainerLifecycle(DockerClient client, String engineHost, String stack, Path logsDir, Images images,
                       Scheduler scheduler, Cgroups cgroups) {
        this.scheduler = scheduler;
        this.cgroups = cgroups;
        this.stats = new EngineStats(client);
        this.client = client;
        this.engineHost = engineHost;
        this.stack = stack;
        this.logsDir = logsDir;
        this.images = images;
        this.exits = new ExitEvents(client, stack, executor, scheduler, scheduler.now().getEpochSecond());
        exits.open();
    }

    ContainerInstance start(ServiceSpec spec, Slot slot) {
        ContainerSpec container = containerOf(spec);
        String name = VigilLabels.containerName(stack, spec.name(), slot);
        try {
            Optional<InspectContainerResponse> existing = existing(name, spec.name(), slot);
            Optional<StartChoice> choice = Optional.empty();
            if (existing.isPresent()) {
                String recreateBecause;
                Optional<String> inPlace = inPlaceReason(spec, name, existing.get());
                if (inPlace.isEmpty()) {
                    recreateBecause = recreateReason(spec, existing.get());
                } else {
                    try {
                        return restartInPlace(spec, slot, existing.get(), StartChoice.inPlace(inPlace.get()));
                    } catch (DockerException e) {
                        recreateBecause = "its in-place start failed (" + EngineCalls.message(e) + ")";
                    }
                }
                choice = Optional.of(StartChoice.recreated(recreateBecause));
                EngineCalls.removeQuietly(client, existing.get().getId());
            }
            inPlaceStreak.remove(name);
            images.pull(container);
            String network = container.network().orElseGet(this::stackNetwork);
            String id = create(spec, slot, container, name, network);
            try {
                client.startContainerCmd(id).exec();
                return watch(spec, slot, client.inspectContainerCmd(id).exec(), 0, choice);
            } catch (DockerException e) {
                EngineCalls.removeQuietly(client, id);
                throw e;
            }
        } catch (DockerException e) {
            throw new StartFailure("cannot start " + spec.name() + " as container " + name + ": "
                    + EngineCalls.message(e), e);
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
     * as {@code docker restart} does. Not when it still runs, when it was made from another definition, or after
     * {@value #IN_PLACE_RESTARTS} in-place restarts in a row (nor when its start fails): then it is recreated from
     * the image, the ladder's last step. A run of at least the service's {@code reset_after} ends the row. Returns
     * why it may be restarted in place; empty when it must be recreated ({@link #recreateReason} says why).
     */
    private Optional<String> inPlaceReason(ServiceSpec spec, String name, InspectContainerResponse existing) {
        var state = existing.getState();
        if (Boolean.TRUE.equals(state.getRunning()) || !sameDefinition(spec, existing)) {
            return Optional.empty();
        }
        int streak = inPlaceStreak(spec, name, existing);
        if (streak >= IN_PLACE_RESTARTS) {
            return Optional.empty();
        }
        return Optional.of("container " + name + " stopped with the same definition (" + definition(spec)
                + "); in-place restart " + (streak + 1) + " of " + IN_PLACE_RESTARTS + " in a row");
    }

    /** Why an existing container is not restarted in place (it is when none of these holds). */
    private String recreateReason(ServiceSpec spec, InspectContainerResponse existing) {
        if (Boolean.TRUE.equals(existing.getState().getRunning())) {
            return "the container still ran";
        }
        if (!sameDefinition(spec, existing)) {
            return "its definition changed (" + existing.getConfig().getLabels().get(VigilLabels.DEFINITION) + " -> "
                    + definition(spec) + ")";
        }
        return IN_PLACE_RESTARTS + " in-place restarts in a row, none running " + Durations.format(
                spec.restart().resetAfter()) + " (reset_after)";
    }

    private static boolean sameDefinition(ServiceSpec spec, InspectContainerResponse existing) {
        return definition(spec).equals(existing.getConfig().getLabels().get(VigilLabels.DEFINITION));
    }

    /** In-place restarts in a row so far; a run of at least {@code reset_after} ended the row. */
    private int inPlaceStreak(ServiceSpec spec, String name, InspectContainerResponse existing) {
        var state = existing.getState();
        Optional<Instant> finished = EngineCalls.instant(state.getFinishedAt());
        boolean ranStably = finished.isPresent()
                && !Duration.between(startedAt(state.getStartedAt()), finished.get()).minus(spec.restart().resetAfter())
                .isNegative();
        return ranStably ? 0 : inPlaceStreak.getOrDefault(name, 0);
    }

    private ContainerInstance restartInPlace(ServiceSpec spec, Slot slot, InspectContainerResponse existing,
                                             StartChoice choice) {
        String name = VigilLabels.containerName(stack, spec.name(), slot);
        int streak = inPlaceStreak(spec, name, existing);
        client.startContainerCmd(existing.getId()).exec();
        InspectContainerResponse started = client.inspectContainerCmd(existing.getId()).exec();
        inPlaceStreak.put(name, streak + 1);
        // Its log holds the earlier runs too: follow it from this start on.
        return watch(spec, slot, started, (int) startedAt(started.getState().getStartedAt()).getEpochSecond(),
                Optional.of(choice));
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
                new TreeMap<>(c.labels()).toString(), String.valueOf(Healthchecks.healthcheck(spec))));
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
                .withExposedPorts(container.ports().stream().map(ContainerLifecycle::exposed).toList())
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
        var healthcheck = Healthchecks.healthcheck(spec);
        if (healthcheck.isPresent()) {
            create = create.withHealthcheck(Healthchecks.toEngine(healthcheck.get()));
        }
        try {
            return create.exec().getId();
        } catch (NotFoundException e) {
            throw new StartFailure("image " + container.image() + " is not on this engine (" + engineHost
                    + ") and its pull policy is `never`: " + EngineCalls.message(e), e);
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
    private ContainerInstance watch(ServiceSpec spec, Slot slot, InspectContainerResponse inspect, int logsSince,
                                    Optional<StartChoice> choice) {
        String service = spec.name();
        var state = inspect.getState();
        Long pid = state.getPidLong();
        ContainerInstance instance = new ContainerInstance(client, executor, service, slot, inspect.getId(),
                pid != null && pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty(), startedAt(state.getStartedAt()),
                choice, cgroups, stats);
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
        return EngineCalls.instant(text).orElseGet(Instant::now);
    }

    Adoption adopt(ServiceSpec spec) {
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
        ContainerInstance instance = watch(spec, Slot.PRIMARY, inspect, (int) scheduler.now().getEpochSecond(),
                Optional.empty());
        Optional<String> drift = spec.container()
                .map(ContainerSpec::image)
                .filter(image -> !image.equals(inspect.getConfig().getImage()))
                .map(image -> "image: running " + inspect.getConfig().getImage() + ", declared " + image);
        if (drift.isEmpty() && !definition(spec).equals(inspect.getConfig().getLabels().get(VigilLabels.DEFINITION))) {
            drift = Optional.of("the container was created from another definition of " + spec.name());
        }
        return new Adoption.Found(instance, drift);
    }

    /** Where the output of the service's instance in {@code slot} is copied to. */
    Path logFile(String service, Slot slot) {
        return logsDir.resolve(service).resolve(slot.qualify(service) + ".log").toAbsolutePath();
    }

    /** The shared event subscription; a test breaks it as a failing network would. */
    ExitEvents exitEvents() {
        return exits;
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
    }
}
