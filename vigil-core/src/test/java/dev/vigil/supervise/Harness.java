package dev.vigil.supervise;

import dev.vigil.event.Event;
import dev.vigil.event.ServiceEvent;
import dev.vigil.health.ProbeResult;
import dev.vigil.stack.ProbeSpec;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Stack;
import dev.vigil.time.ManualScheduler;

import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/**
 * A deterministic world for supervisors: manual time, one FIFO that stands in for every lane and for the
 * blocking executor, a fake runtime, scripted probe results, and the list of published events.
 */
final class Harness {

    final ManualScheduler scheduler = new ManualScheduler();
    final FakeRuntime runtime = new FakeRuntime(scheduler);
    final List<Event> events = new ArrayList<>();
    final Map<String, ProbeResult> probeResults = new HashMap<>();
    final Map<String, Integer> probeRuns = new HashMap<>();
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private final Executor fifo = queue::add;
    final Supervisor.Context context;

    Harness() {
        this(RandomGenerator.of("L64X128MixRandom"));
    }

    /** A random source fixed at 0.5: no jitter, no phase spread beyond half an interval. */
    static RandomGenerator midpoint() {
        return new RandomGenerator() {
            @Override
            public long nextLong() {
                return 0;
            }

            @Override
            public double nextDouble() {
                return 0.5;
            }
        };
    }

    Harness(RandomGenerator random) {
        scheduler.afterEachTask(this::drain);
        context = new Supervisor.Context(runtime, scheduler, events::add, this::probe, fifo, random,
                HttpClient.newHttpClient());
    }

    private dev.vigil.health.Probe probe(ServiceSpec service, ProbeSpec spec) {
        return () -> {
            probeRuns.merge(service.name(), 1, Integer::sum);
            return probeResults.getOrDefault(service.name(), new ProbeResult.Unhealthy("connection refused"));
        };
    }

    Supervisor supervisor(ServiceSpec spec) {
        return new Supervisor(spec, context, fifo, DependencyGate.NONE, status -> { });
    }

    StackSupervisor stack(ServiceSpec... specs) {
        Stack stack = new Stack("test", Path.of("/tmp/vigil.yaml"), List.of(specs));
        return new StackSupervisor(stack, context, name -> fifo, StackSupervisor.DEFAULT_MAX_PARALLEL_STARTS);
    }

    StackSupervisor stack(int maxParallel, ServiceSpec... specs) {
        Stack stack = new Stack("test", Path.of("/tmp/vigil.yaml"), List.of(specs));
        return new StackSupervisor(stack, context, name -> fifo, maxParallel);
    }

    /** The context under a freeze of every service from 2025-12-31 23:00 until 2026-01-01 02:00 UTC (the clock starts inside). */
    Supervisor.Context frozen() {
        dev.vigil.window.Calendar calendar = new dev.vigil.window.Calendar(dev.vigil.stack.StackLoader.parse("""
                services:
                  api: {command: ./api}
                windows:
                  release-freeze:
                    kind: freeze
                    from: "2025-12-31 23:00"
                    to: "2026-01-01 02:00"
                    zone: UTC
                """, Path.of("/srv/vigil.yaml")).windows());
        dev.vigil.gate.GateState state = new dev.vigil.gate.GateState(calendar, List.of());
        return context.withGate(new dev.vigil.gate.DisruptionGate(() -> state, scheduler, events::add));
    }

    void healthy(String service) {
        probeResults.put(service, new ProbeResult.Healthy("200 in 1ms"));
    }

    void unhealthy(String service) {
        probeResults.put(service, new ProbeResult.Unhealthy("timed out after 1000ms"));
    }

    void unknown(String service) {
        probeResults.put(service, new ProbeResult.Unknown("could not run probe command: no such file"));
    }

    /** Runs everything queued, including what that queues in turn. */
    void drain() {
        Runnable next;
        while ((next = queue.poll()) != null) {
            next.run();
        }
    }

    void advance(Duration by) {
        drain();
        scheduler.advance(by);
        drain();
    }

    void advanceMillis(long ms) {
        advance(Duration.ofMillis(ms));
    }

    <T extends Event> List<T> events(Class<T> type) {
        return events.stream().filter(type::isInstance).map(type::cast).toList();
    }

    <T extends ServiceEvent> List<T> events(Class<T> type, String service) {
        return events(type).stream().filter(e -> e.service().equals(service)).toList();
    }
}
