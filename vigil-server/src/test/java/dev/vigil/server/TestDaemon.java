package dev.vigil.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.audit.MemoryAuditLog;
import dev.vigil.auth.MemoryTokenStore;
import dev.vigil.auth.Role;
import dev.vigil.collect.LatestUsage;
import dev.vigil.finding.Findings;
import dev.vigil.metrics.MetricStore;
import dev.vigil.event.EventBus;
import dev.vigil.health.ProbeObserver;
import dev.vigil.health.ProbeResult;
import dev.vigil.server.metrics.VigilMetrics;
import dev.vigil.stack.Dependency;
import dev.vigil.stack.HttpProbeSpec;
import dev.vigil.stack.ProbeTiming;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Stack;
import dev.vigil.store.SqliteEventStore;
import dev.vigil.supervise.StackSupervisor;
import dev.vigil.supervise.Supervisor;
import dev.vigil.time.Scheduler;
import dev.vigil.time.SystemScheduler;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.random.RandomGenerator;

/**
 * A daemon as the CLI will wire it, minus processes: a real StackSupervisor over pretend instances, a real EventBus
 * over SQLite in a temporary directory, in-memory tokens and audit, and an ApiServer on an ephemeral port.
 */
final class TestDaemon implements AutoCloseable {

    static final String SECRET_VALUE = "hunter2-do-not-show";

    final Path dir;
    final SystemScheduler scheduler = new SystemScheduler();
    final MemoryRuntime runtime;
    final SqliteEventStore store;
    final EventBus bus;
    final StackSupervisor stack;
    final MemoryTokenStore tokens = new MemoryTokenStore();
    final MemoryAuditLog audit = new MemoryAuditLog();
    final AtomicInteger shutdowns = new AtomicInteger();
    final ApiServer server;
    final ControlPlane plane;
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    final String viewer;
    final String operator;
    final String admin;
    /** The daemon's real meters, when started {@link #withVigilMetrics}; else GET /metrics serves one fixed line. */
    final VigilMetrics metrics;
    private final List<ExecutorService> lanes = new ArrayList<>();
    private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();

    private TestDaemon(Path dir, UnaryOperator<ServerConfig> config, Scheduler clock, boolean vigilMetrics,
                       UnaryOperator<ControlPlane> wiring) {
        this.dir = dir;
        this.metrics = vigilMetrics ? new VigilMetrics(scheduler, "0.1.0-test") : null;
        this.runtime = new MemoryRuntime(dir);
        this.store = SqliteEventStore.open(dir.resolve("vigil.db"));
        this.bus = new EventBus(store);
        ProbeTiming timing = new ProbeTiming(Duration.ofMillis(200), Duration.ofSeconds(1), Duration.ofSeconds(10), 3, 1);
        ServiceSpec web = ServiceSpec.of("web", List.of("python3", "-m", "http.server"), dir)
                .withEnv(Map.of("PORT", "8080", "DB_PASSWORD", SECRET_VALUE, "API_TOKEN", SECRET_VALUE))
                .withHealth(List.of(HttpProbeSpec.of(URI.create("http://127.0.0.1:8080/health"), timing)));
        ServiceSpec db = ServiceSpec.of("db", List.of("postgres"), dir);
        ServiceSpec worker = ServiceSpec.of("worker", List.of("worker"), dir).withDependsOn(List.of(Dependency.started("db")));
        ServiceSpec nolog = ServiceSpec.of("nolog", List.of("quiet"), dir);
        Stack model = new Stack("shop", dir.resolve("vigil.yaml"), List.of(db, web, worker, nolog));
        Supervisor.Context ctx = new Supervisor.Context(runtime, scheduler, bus,
                (service, probe) -> () -> new ProbeResult.Healthy("200 in 1ms"), blocking,
                RandomGenerator.of("L64X128MixRandom"), http,
                metrics == null ? ProbeObserver.NONE : metrics.probeObserver());
        this.stack = new StackSupervisor(model, ctx, this::lane, StackSupervisor.DEFAULT_MAX_PARALLEL_STARTS);
        if (metrics != null) {
            metrics.watch(stack);
            bus.subscribe(metrics.eventListener());
        }
        stack.start();
        this.plane = wiring.apply(new ControlPlane(stack, store, bus, runtime, tokens, audit,
                metrics == null ? () -> "# TYPE vigil_up gauge\nvigil_up 1\n" : metrics::scrape,
                clock == null ? scheduler : clock, keep -> shutdowns.incrementAndGet(), "0.1.0-test"));
        this.viewer = tokens.create("dashboard", Role.VIEWER).secret();
        this.operator = tokens.create("oncall", Role.OPERATOR).secret();
        this.admin = tokens.create("root", Role.ADMIN).secret();
        this.server = ApiServer.start(config.apply(ServerConfig.defaults().withPort(0)), plane);
    }

    static TestDaemon start(Path dir) {
        return start(dir, c -> c);
    }

    static TestDaemon start(Path dir, UnaryOperator<ServerConfig> config) {
        return new TestDaemon(dir, config, null, false, p -> p);
    }

    /** GET /metrics serves the daemon's real meters, as the CLI wires them. */
    static TestDaemon withVigilMetrics(Path dir) {
        return new TestDaemon(dir, c -> c, null, true, p -> p);
    }

    /** With a clock of the test's own for the control plane (rate limits, audit times); the stack keeps real time. */

    static TestDaemon start(Path dir, UnaryOperator<ServerConfig> config, Scheduler clock) {
        return new TestDaemon(dir, config, clock, false, p -> p);
    }

    /** With the plane's clock, its series, usage and findings the test's own, and no rate limit to speak of. */
    static TestDaemon start(Path dir, Scheduler clock, MetricStore series, LatestUsage usage, Findings findings) {
        return new TestDaemon(dir, c -> c.withRateLimit(new RateLimit(1_000_000, 1_000_000)), clock, false,
                p -> p.withObservations(series, usage, findings));
    }

    /** With the plane's clock the test's own and alerting wired in, and no rate limit to speak of. */
    static TestDaemon withAlerting(Path dir, Scheduler clock, java.util.function.Function<ControlPlane, AlertingPlane> alerting) {
        return new TestDaemon(dir, c -> c.withRateLimit(new RateLimit(1_000_000, 1_000_000)), clock, false,
                p -> p.withAlerting(alerting.apply(p)));
    }

    private synchronized ExecutorService lane(String name) {
        ExecutorService lane = Executors.newSingleThreadExecutor(Thread.ofVirtual().name("lane-" + name).factory());
        lanes.add(lane);
        return lane;
    }

    URI uri(String path) {
        return server.address().resolve(path);
    }

    String token(Role role) {
        return switch (role) {
            case VIEWER -> viewer;
            case OPERATOR -> operator;
            case ADMIN -> admin;
        };
    }

    Response get(String path, String token) {
        return send(request(path, token).GET().build());
    }

    Response post(String path, String token, String body) {
        return send(request(path, token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    Response delete(String path, String token) {
        return send(request(path, token).DELETE().build());
    }

    HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    Response send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            return new Response(r.statusCode(), r.headers(), r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Waits until everything published so far is stored and delivered to listeners. */
    void flush() {
        if (!bus.flush(Duration.ofSeconds(10))) {
            throw new IllegalStateException("events were not stored in time");
        }
    }

    @Override
    public void close() {
        server.close();
        stack.stop("test over").orTimeout(10, TimeUnit.SECONDS).join();
        bus.close();
        store.close();
        lanes.forEach(ExecutorService::shutdownNow);
        blocking.shutdownNow();
        scheduler.close();
        http.close();
        if (metrics != null) {
            metrics.close();
        }
    }

    record Response(int status, HttpHeaders headers, String body) {
        private static final ObjectMapper MAPPER = new ObjectMapper();

        JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        String error() {
            return json().path("error").asText();
        }
    }
}
