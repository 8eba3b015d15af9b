package dev.vigil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.change.ConfigVersion;
import dev.vigil.gate.GateState;
import dev.vigil.supervise.ServiceStatus;
import dev.vigil.window.OpenWindow;
import dev.vigil.supervise.StackSupervisor;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code <state>/status.json} for IDEs and scripts: the stack, every service's state, and where the API is.
 * Rewritten atomically after every state change; a burst of changes (a stack starting) makes one write per
 * burst, not one per change, on a writer thread of its own. Schema: docs/status-file.md.
 */
final class StatusFile implements AutoCloseable {

    static final int SCHEMA_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final StackSupervisor supervisor;
    private final String api;
    private final Supplier<String> stackState;
    private final Supplier<GateState> gates;
    private final Supplier<Optional<ConfigVersion>> applied;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("vigil-status-file").daemon(true).stackSize(256 * 1024).factory());
    private final AtomicBoolean pending = new AtomicBoolean();

    StatusFile(Path stateDir, StackSupervisor supervisor, String api, Supplier<String> stackState,
               Supplier<GateState> gates, Supplier<Optional<ConfigVersion>> applied) {
        this.file = stateDir.resolve("status.json");
        this.supervisor = supervisor;
        this.api = api;
        this.stackState = stackState;
        this.gates = gates;
        this.applied = applied;
    }

    static Path file(Path stateDir) {
        return stateDir.resolve("status.json");
    }

    /** Asks for a rewrite; cheap, callable from any thread (lanes call it on every state change). */
    void changed() {
        if (pending.compareAndSet(false, true)) {
            try {
                writer.execute(this::write);
            } catch (java.util.concurrent.RejectedExecutionException e) {
                pending.set(false); // closing: the final write is done by close()
            }
        }
    }

    private void write() {
        pending.set(false);
        try {
            AtomicFiles.write(file, render(Instant.now()).getBytes(StandardCharsets.UTF_8), AtomicFiles.READABLE);
        } catch (RuntimeException e) {
            System.err.println("vigil: " + e.getMessage());
        }
    }

    String render(Instant now) {
        ObjectNode root = JSON.createObjectNode();
        root.put("schema", SCHEMA_VERSION);
        root.put("stack", supervisor.stack().name());
        root.put("file", supervisor.stack().file().toString());
        root.put("state", stackState.get());
        root.put("api", api);
        root.put("pid", ProcessHandle.current().pid());
        root.put("updated_at", now.toString());
        Optional<ConfigVersion> version = applied.get();
        if (version.isPresent()) {
            root.put("applied_version", version.get().number());
        } else {
            root.putNull("applied_version");
        }
        GateState gate = gates.get();
        ArrayNode open = root.putArray("open_windows");
        for (OpenWindow w : gate.calendar().openAt(now)) {
            open.addObject().put("name", w.window().name()).put("kind", w.window().kind().yamlName())
                    .put("closes_at", w.interval().end().toString());
        }
        root.put("override_until", gate.activeOverride(now).map(o -> o.until().toString()).orElse(null));
        ArrayNode profiles = root.putArray("active_profiles");
        supervisor.stack().activeProfiles().forEach(profiles::add);
        ArrayNode services = root.putArray("services");
        for (ServiceStatus s : supervisor.statuses()) {
            ObjectNode n = services.addObject();
            n.put("name", s.name());
            n.put("state", s.state().label());
            n.put("health", s.health().label());
            n.put("restarts", s.restarts());
            if (s.pid().isPresent()) {
                n.put("pid", s.pid().getAsLong());
            } else {
                n.putNull("pid");
            }
            if (s.startedAt().isPresent()) {
                n.put("started_at", s.startedAt().get().toString());
                n.put("uptime_ms", Math.max(0, Duration.between(s.startedAt().get(), now).toMillis()));
            } else {
                n.putNull("started_at");
                n.putNull("uptime_ms");
            }
            n.put("since", s.since().toString());
            n.put("reason", s.reason());
            n.put("frozen_until", gate.calendar().frozen(s.name(), now).map(f -> f.until().toString()).orElse(null));
        }
        return root.toPrettyString() + "\n";
    }

    /** Writes the final state and stops the writer. */
    @Override
    public void close() {
        writer.shutdown();
        try {
            writer.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        write();
    }
}
