package dev.vigil.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Frame;
import dev.vigil.runtime.ExitStatus;
import dev.vigil.runtime.Instance;
import dev.vigil.runtime.Slot;
import dev.vigil.runtime.StartChoice;
import dev.vigil.runtime.Usage;
import dev.vigil.stack.Signal;
import dev.vigil.stack.StopSpec;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/** One container run by the docker runtime; its exit is reported by the runtime's shared event stream. */
final class ContainerInstance implements Instance {

    /** How long a stop waits for the engine beyond the grace period before it gives up on the exit status. */
    private static final Duration STOP_SLACK = Duration.ofSeconds(30);
    private static final Duration LOG_READ_TIMEOUT = Duration.ofSeconds(5);

    private final DockerClient client;
    private final Executor executor;
    private final String service;
    private final Slot slot;
    private final String fullId;
    private final OptionalLong pid;
    private final Instant startedAt;
    private final Optional<StartChoice> choice;
    private final Cgroups cgroups;
    private final EngineStats stats;
    private volatile ContainerCgroup cgroup;
    private final CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
    private volatile boolean oomEventSeen;
    private CompletableFuture<ExitStatus> stopping;

    ContainerInstance(DockerClient client, Executor executor, String service, Slot slot, String fullId,
                      OptionalLong pid, Instant startedAt, Optional<StartChoice> choice, Cgroups cgroups,
                      EngineStats stats) {
        this.choice = choice;
        this.cgroups = cgroups;
        this.stats = stats;
        this.client = client;
        this.executor = executor;
        this.service = service;
        this.slot = slot;
        this.fullId = fullId;
        this.pid = pid;
        this.startedAt = startedAt;
    }

    String fullId() {
        return fullId;
    }

    void oomEventSeen() {
        oomEventSeen = true;
    }

    /**
     * Reads the container's state and completes {@link #onExit()} if it is no longer running. Safe to call any
     * number of times: after an event, after a reconnect, after a stop.
     */
    void settle() {
        if (exit.isDone()) {
            return;
        }
        try {
            var inspect = client.inspectContainerCmd(fullId).exec();
            if (!Boolean.TRUE.equals(inspect.getState().getRunning())) {
                exit.complete(ExitStatuses.of(inspect, oomEventSeen));
            }
        } catch (NotFoundException e) {
            exit.complete(ExitStatus.unknown());
        }
    }

    @Override
    public String service() {
        return service;
    }

    @Override
    public Slot slot() {
        return slot;
    }

    @Override
    public Optional<StartChoice> startChoice() {
        return choice;
    }

    @Override
    public String id() {
        return fullId.substring(0, Math.min(12, fullId.length()));
    }

    @Override
    public OptionalLong pid() {
        return pid;
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public CompletableFuture<ExitStatus> onExit() {
        return exit;
    }

    @Override
    public boolean isAlive() {
        return !exit.isDone();
    }

    @Override
    public void signal(Signal signal) {
        if (exit.isDone()) {
            return;
        }
        try {
            client.killContainerCmd(fullId).withSignal(signal.fullName()).exec();
        } catch (DockerException e) {
            // It ended meanwhile (409 not running / 404 gone): the event stream reports how.
        }
    }

    @Override
    public synchronized CompletableFuture<ExitStatus> stop(StopSpec stop) {
        if (stopping == null) {
            stopping = CompletableFuture.supplyAsync(() -> stopAndKeep(stop), executor);
        }
        return stopping;
    }

    private ExitStatus stopAndKeep(StopSpec stop) {
        if (!exit.isDone()) {
            try {
                if (stop.signal() == Signal.KILL || stop.grace().isZero()) {
                    client.killContainerCmd(fullId).withSignal(Signal.KILL.fullName()).exec();
                } else {
                    // The engine's stop sends the image's STOPSIGNAL; the spec's signal goes first through kill.
                    client.killContainerCmd(fullId).withSignal(stop.signal().fullName()).exec();
                    // A hung service may be a stopped one (SIGSTOP, a debugger): it only sees the signal once
                    // continued, instead of sitting out the whole grace period.
                    client.killContainerCmd(fullId).withSignal("SIGCONT").exec();
                    client.stopContainerCmd(fullId).withTimeout(wholeSeconds(stop.grace())).exec();
                }
            } catch (DockerException e) {
                // Already ended (or stopping by itself): what it ended with is read below either way.
            }
        }
        settleAfterStop(stop);
        // The stopped container stays for an in-place restart; the stack's going down removes it.
        return exit.join();
    }

    private void settleAfterStop(StopSpec stop) {
        try {
            exit.get(stop.grace().plus(STOP_SLACK).toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // No die event came: ask the engine directly rather than wait forever.
            try {
                settle();
            } catch (RuntimeException unreachable) {
                // The engine cannot say either.
            }
            exit.complete(ExitStatus.unknown());
        }
    }

    private static int wholeSeconds(Duration grace) {
        long seconds = grace.toSeconds() + (grace.toNanosPart() > 0 ? 1 : 0);
        return (int) Math.min(Integer.MAX_VALUE, seconds);
    }

    /** The usage's memory: the one reading the memory limit and the metrics share. */
    @Override
    public OptionalLong memoryBytes() {
        return usage().map(u -> OptionalLong.of(u.rssBytes())).orElse(OptionalLong.empty());
    }

    /** From its cgroup when that can be read here, else from the engine's stats. */
    @Override
    public Optional<Usage> usage() {
        if (exit.isDone()) {
            return Optional.empty();
        }
        return cgroup().flatMap(CgroupUsage::of).or(() -> stats.usage(fullId));
    }

    /** Looked up until found, then kept: the main process and its cgroup stay for the container's life. */
    private Optional<ContainerCgroup> cgroup() {
        ContainerCgroup found = cgroup;
        if (found == null && pid.isPresent()) {
            found = cgroups.find(pid.getAsLong(), fullId).orElse(null);
            cgroup = found;
        }
        return Optional.ofNullable(found);
    }

    @Override
    public List<String> lastLogLines(int max) {
        if (max <= 0) {
            return List.of();
        }
        StringBuilder text = new StringBuilder();
        try (var callback = new ResultCallback.Adapter<Frame>() {
            @Override
            public void onNext(Frame frame) {
                synchronized (text) {
                    text.append(new String(frame.getPayload(), StandardCharsets.UTF_8));
                }
            }
        }) {
            client.logContainerCmd(fullId).withStdOut(true).withStdErr(true).withTail(max).exec(callback)
                    .awaitCompletion(LOG_READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (Exception e) {
            return List.of();
        }
        List<String> lines;
        synchronized (text) {
            lines = new ArrayList<>(text.toString().lines().toList());
        }
        return List.copyOf(lines.subList(Math.max(0, lines.size() - max), lines.size()));
    }
}
