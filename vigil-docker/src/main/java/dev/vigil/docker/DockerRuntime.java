package dev.vigil.docker;

import dev.vigil.runtime.Adoption;
import dev.vigil.runtime.Instance;
import dev.vigil.runtime.LazyRuntimeProvider;
import dev.vigil.runtime.Runtime;
import dev.vigil.runtime.Slot;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.time.Scheduler;
import dev.vigil.time.SystemScheduler;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Runs services as containers through the Docker Engine API (Docker, or Podman's compatible service). Containers
 * are named {@code vigil-<stack>-<service>} and labelled with the stack and service, so Vigil only ever touches
 * its own; the engine's restart policy is "no" because Vigil heals. Each job has its own class: the containers'
 * life ({@link ContainerLifecycle}), images and pulls ({@link Images}), healthcheck translation
 * ({@link Healthchecks}), exec for probes ({@link ContainerExec}) and listing for cleanup ({@link StackContainers}).
 */
public final class DockerRuntime implements Runtime, ProbeTarget {

    private final String stack;
    private final Engine engine;
    private final boolean ownsEngine;
    private final Optional<SystemScheduler> ownScheduler;
    private final Images images;
    private final ContainerLifecycle lifecycle;
    private final ContainerExec exec;
    private final StackContainers containers;

    /**
     * The provider of container services (those with an image) for a stack; it connects to the engine named by
     * DOCKER_HOST (or the usual sockets) only when the first of them needs it, and times its retries on
     * {@code scheduler}.
     */
    public static LazyRuntimeProvider<DockerRuntime> provider(String stackName, Path logsDir, Scheduler scheduler) {
        return new LazyRuntimeProvider<>("docker", ServiceSpec::isContainer,
                () -> new DockerRuntime(stackName, logsDir, Engine.connect(System.getenv()), true, scheduler, false,
                        Cgroups.host()));
    }

    /** Uses a connection the caller keeps (and closes), and a timer of its own. */
    public DockerRuntime(String stackName, Path logsDir, Engine engine) {
        this(stackName, logsDir, engine, false, new SystemScheduler(), true, Cgroups.host());
    }

    /** Uses a connection the caller keeps (and closes), and times its retries on {@code scheduler}. */
    public DockerRuntime(String stackName, Path logsDir, Engine engine, Scheduler scheduler) {
        this(stackName, logsDir, engine, false, scheduler, false, Cgroups.host());
    }

    /** Finds containers' cgroups under other roots: ones that hold none make every reading ask the engine. */
    DockerRuntime(String stackName, Path logsDir, Engine engine, Cgroups cgroups) {
        this(stackName, logsDir, engine, false, new SystemScheduler(), true, cgroups);
    }

    private DockerRuntime(String stackName, Path logsDir, Engine engine, boolean ownsEngine, Scheduler scheduler,
                          boolean ownsScheduler, Cgroups cgroups) {
        this.stack = stackName;
        this.engine = engine;
        this.ownsEngine = ownsEngine;
        this.ownScheduler = ownsScheduler ? Optional.of((SystemScheduler) scheduler) : Optional.empty();
        this.images = new Images(engine.client(), engine.host(), stackName);
        this.lifecycle = new ContainerLifecycle(engine.client(), engine.host(), stackName, logsDir, images, scheduler,
                cgroups);
        this.exec = new ContainerExec(engine.client());
        this.containers = new StackContainers(engine.client());
    }

    @Override
    public String name() {
        return "docker";
    }

    /** The stack whose containers this runtime runs. */
    @Override
    public String stack() {
        return stack;
    }

    @Override
    public Instance start(ServiceSpec spec, Slot slot) {
        return lifecycle.start(spec, slot);
    }

    /**
     * Readies a service before the stack is supervised: its image pulled as its policy says (a failure is left to
     * the start, which names it), then its image's HEALTHCHECK taken over ({@link #withImageHealthcheck}).
     */
    @Override
    public ServiceSpec prepare(ServiceSpec spec) {
        return images.prepare(spec);
    }

    /**
     * The service with its image's own HEALTHCHECK as its exec probe, when it is a container that declares no exec
     * probe, allows it and its image has one; else the service as it is.
     */
    public ServiceSpec withImageHealthcheck(ServiceSpec spec) {
        return images.withImageHealthcheck(spec);
    }

    @Override
    public Adoption adopt(ServiceSpec spec) {
        return lifecycle.adopt(spec);
    }

    @Override
    public Optional<Path> logFile(String service) {
        return Optional.of(lifecycle.logFile(service, Slot.PRIMARY));
    }

    /**
     * Runs a command inside a running container and waits for it (at most {@code timeout}). Vigil runs compose
     * healthchecks this way: Podman without systemd never runs an image's HEALTHCHECK itself.
     */
    @Override
    public ExecResult exec(String containerId, List<String> cmd, Duration timeout) {
        return exec.exec(containerId, cmd, timeout);
    }

    /**
     * The healthcheck results the engine itself recorded for a container since it started; empty when there is no
     * such container. A container whose healthchecks the engine never runs has no checks.
     */
    @Override
    public Optional<EngineHealth> engineHealth(String container) {
        return exec.engineHealth(container);
    }

    /** Every container of the stack (running or not), with the limits declared and those the engine applies. */
    public List<ContainerInfo> containers(String stackName) {
        return containers.list(stackName);
    }

    @Override
    public void stackStopped() {
        removeExited();
    }

    /**
     * Removes every container of the stack that no longer runs, as {@code docker compose down} does: stopped
     * containers are kept for an in-place restart until the stack itself goes down.
     */
    public void removeExited() {
        containers.removeExited(stack);
    }

    /** The shared event subscription; package-private so a test can break it as a failing network would. */
    ExitEvents exitEvents() {
        return lifecycle.exitEvents();
    }

    @Override
    public void close() {
        lifecycle.close();
        ownScheduler.ifPresent(SystemScheduler::close);
        if (ownsEngine) {
            engine.close();
        }
    }
}
