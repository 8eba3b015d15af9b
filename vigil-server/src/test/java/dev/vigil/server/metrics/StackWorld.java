package dev.vigil.server.metrics;

import dev.vigil.event.Event;
import dev.vigil.event.StoredEvent;
import dev.vigil.health.ProbeResult;
import dev.vigil.server.MemoryRuntime;
import dev.vigil.stack.HttpProbeSpec;
import dev.vigil.stack.ProbeTiming;
import dev.vigil.stack.RestartSpec;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Stack;
import dev.vigil.supervise.StackSupervisor;
import dev.vigil.supervise.Supervisor;
import dev.vigil.time.ManualScheduler;

import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * A real stack supervisor in a deterministic world: manual time, one FIFO standing in for every lane and the
 * blocking executor, pretend instances, scripted probe results. Events go to the metrics as the bus would
 * deliver them after storing.
 */
final class StackWorld {

    static final RestartSpec.Backoff NO_JITTER =
            new RestartSpec.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, 0.0);

    final ManualScheduler scheduler = new ManualScheduler();
    final MemoryRuntime runtime = new MemoryRuntime(scheduler, Path.of("logs-unused"));
    final VigilMetrics metrics = new VigilMetrics(scheduler, "1.2.3-test");
    final Map<String, ProbeResult> probeResults = new ConcurrentHashMap<>();
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private final Executor fifo = queue::add;
    private final AtomicLong eventIds = new AtomicLong();
    final StackSupervisor stack;

    StackWorld(ServiceSpec... services) {
        scheduler.afterEachTask(this::drain);
        Supervisor.Context context = new Supervisor.Context(runtime, scheduler, this::deliver,
                (service, probe) -> () -> probeResults.getOrDefault(service.name(),
                        new ProbeResult.Unhealthy("connection refused")),
                fifo, RandomGenerator.of("L64X128MixRandom"), HttpClient.newHttpClient(), metrics.probeObserver());
        stack = new StackSupervisor(new Stack("test", Path.of("/tmp/vigil.yaml"), List.of(services)), context,
                name -> fifo, StackSupervisor.DEFAULT_MAX_PARALLEL_STARTS);
        metrics.watch(stack);
    }

    static ServiceSpec aService(String name) {
        return ServiceSpec.of(name, List.of("/bin/true"), Path.of("/tmp"))
                .withRestart(RestartSpec.DEFAULT.withBackoff(NO_JITTER));
    }

    /** Probed every second, failing after three bad results in a row, with a one-second start period. */
    static ServiceSpec aProbedService(String name) {
        ProbeTiming timing = new ProbeTiming(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 3, 1);
        return aService(name).withHealth(List.of(HttpProbeSpec.of(URI.create("http://127.0.0.1:1/" + name), timing)));
    }

    private void deliver(Event event) {
        metrics.eventListener().onEvent(new StoredEvent(eventIds.incrementAndGet(), event));
    }

    void start() {
        stack.start();
        drain();
    }

    void advance(Duration by) {
        drain();
        scheduler.advance(by);
        drain();
    }

    void drain() {
        Runnable next;
        while ((next = queue.poll()) != null) {
            next.run();
        }
    }

    Scrape scrape() {
        return Scrape.parse(metrics.scrape());
    }
}
