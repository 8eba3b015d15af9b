package dev.vigil.cli;

import dev.vigil.event.EventBus;
import dev.vigil.event.EventListener;
import dev.vigil.health.HttpProbe;
import dev.vigil.health.Probes;
import dev.vigil.process.ProcessRuntime;
import dev.vigil.stack.Stack;
import dev.vigil.stack.StopSpec;
import dev.vigil.store.SqliteEventStore;
import dev.vigil.supervise.StackSupervisor;
import dev.vigil.supervise.Supervisor;
import dev.vigil.time.SystemScheduler;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;

/**
 * Wires the adapters around the core for one stack (SQLite store, event bus, process runtime, real clock,
 * virtual-thread lanes) and runs it until asked to stop. Closing stops every service first.
 */
final class StackRunner implements AutoCloseable {

    private final Stack stack;
    private final SqliteEventStore store;
    private final EventBus bus;
    private final SystemScheduler scheduler = new SystemScheduler();
    private final ProcessRuntime runtime;
    // Probe checks and memory samples: short blocking calls, a hundred a second for a large stack. Plain
    // threads reused from a pool make direct blocking syscalls; on virtual threads every socket call went
    // through the poller and a park/unpark, which cost more CPU than the probe itself (docs/benchmarks.md).
    private final ExecutorService blocking = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("vigil-check-", 0).daemon(true).stackSize(256 * 1024).factory());
    private final List<ExecutorService> lanes = new ArrayList<>();
    private final StackSupervisor supervisor;
    private boolean closed;

    StackRunner(Stack stack, Path stateDir, int maxParallelStarts, PrintWriter err) {
        this.stack = stack;
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state directory " + stateDir, e);
        }
        this.store = SqliteEventStore.open(stateDir.resolve("vigil.db"));
        store.openNotes().forEach(note -> err.println("vigil: " + note));
        this.bus = new EventBus(store);
        this.runtime = new ProcessRuntime(stateDir.resolve("logs"));
        HttpClient http = HttpProbe.newClient();
        // One generator per thread: lanes draw jitter concurrently.
        RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
        Supervisor.Context ctx = new Supervisor.Context(runtime, scheduler, bus, new Probes(http), blocking,
                random, http);
        this.supervisor = new StackSupervisor(stack, ctx, this::lane, maxParallelStarts);
    }

    private synchronized ExecutorService lane(String name) {
        ExecutorService lane = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("vigil-lane-" + name).factory());
        lanes.add(lane);
        return lane;
    }

    StackSupervisor supervisor() {
        return supervisor;
    }

    void subscribe(EventListener listener) {
        bus.subscribe(listener);
    }

    void start() {
        supervisor.start();
    }

    /** Stops every service (reverse dependency order) and waits for them, bounded by their grace periods. */
    void stop(String reason) {
        Duration longestGrace = stack.services().stream().map(s -> s.stop().grace())
                .max(Duration::compareTo).orElse(StopSpec.DEFAULT_GRACE);
        // Each level of the dependency graph may need a full grace period; allow for a deep stack.
        long boundMillis = longestGrace.toMillis() * (stack.services().size() + 1) + 10_000;
        try {
            supervisor.stop(reason).get(boundMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            System.err.println("vigil: services did not stop within " + boundMillis + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            System.err.println("vigil: stopping failed: " + e.getCause());
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        stop("vigil is exiting");
        bus.close();
        store.close();
        scheduler.close();
        runtime.close();
        blocking.shutdownNow();
        lanes.forEach(ExecutorService::shutdownNow);
    }
}
