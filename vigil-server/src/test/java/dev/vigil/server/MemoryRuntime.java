package dev.vigil.server;

import dev.vigil.runtime.ExitStatus;
import dev.vigil.runtime.Instance;
import dev.vigil.runtime.Runtime;
import dev.vigil.runtime.Slot;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Signal;
import dev.vigil.stack.StopSpec;
import dev.vigil.time.Scheduler;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Pretend instances that run until a test crashes them or a supervisor stops them; each service's log file is
 * in a directory the test owns (none for a service called {@code nolog}).
 */
public final class MemoryRuntime implements Runtime {

    private final Supplier<Instant> clock;
    private final Path logDir;
    private final AtomicLong pids = new AtomicLong(4000);
    private final Map<String, Pretend> current = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> starts = new ConcurrentHashMap<>();

    public MemoryRuntime(Scheduler clock, Path logDir) {
        this(clock::now, logDir);
    }

    MemoryRuntime(Path logDir) {
        this(Instant::now, logDir);
    }

    private MemoryRuntime(Supplier<Instant> clock, Path logDir) {
        this.clock = clock;
        this.logDir = logDir;
    }

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Instance start(ServiceSpec spec, Slot slot) {
        Pretend p = new Pretend(spec.name(), pids.incrementAndGet(), clock.get());
        current.put(spec.name(), p);
        starts.computeIfAbsent(spec.name(), s -> new AtomicLong()).incrementAndGet();
        return p;
    }

    long starts(String service) {
        AtomicLong n = starts.get(service);
        return n == null ? 0 : n.get();
    }

    /** Ends the current instance of the service as a crash would. */
    public void crash(String service) {
        current.get(service).exit.complete(ExitStatus.exited(1));
    }

    @Override
    public Optional<Path> logFile(String service) {
        return service.equals("nolog") ? Optional.empty() : Optional.of(logDir.resolve(service + ".log"));
    }

    @Override
    public void close() {
    }

    private record Pretend(String service, long number, Instant startedAt, CompletableFuture<ExitStatus> exit)
            implements Instance {

        Pretend(String service, long number, Instant startedAt) {
            this(service, number, startedAt, new CompletableFuture<>());
        }

        @Override
        public String id() {
            return Long.toString(number);
        }

        @Override
        public OptionalLong pid() {
            return OptionalLong.of(number);
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
        }

        @Override
        public CompletableFuture<ExitStatus> stop(StopSpec stop) {
            exit.complete(ExitStatus.killed(stop.signal().number()));
            return exit;
        }

        @Override
        public OptionalLong memoryBytes() {
            return OptionalLong.of(1_000_000);
        }

        @Override
        public List<String> lastLogLines(int max) {
            return List.of();
        }
    }
}
