package dev.vigil.cli;

import dev.vigil.alerting.rules.BuiltinRules;
import dev.vigil.alerting.run.Alerting;
import dev.vigil.collect.Collector;
import dev.vigil.collect.EventSeries;
import dev.vigil.server.AlertingPlane;
import dev.vigil.store.SqliteAlertStore;
import dev.vigil.store.SqliteDeadLetters;
import dev.vigil.collect.ProbeLatencies;
import dev.vigil.docker.ContainerProbes;
import dev.vigil.finding.FindingWatcher;
import dev.vigil.finding.TrendDetector;
import dev.vigil.metrics.MetricWriter;
import dev.vigil.metrics.Resolution;
import dev.vigil.process.HostCollector;
import dev.vigil.scrape.ScrapeTargets;
import dev.vigil.stack.MetricsSettings;
import dev.vigil.store.SqliteMetricStore;
import dev.vigil.docker.DockerRuntime;
import dev.vigil.event.EventBus;
import dev.vigil.auth.Role;
import dev.vigil.change.ApplyInProgressException;
import dev.vigil.change.ApplyOutcome;
import dev.vigil.change.ApplyRequest;
import dev.vigil.change.Applier;
import dev.vigil.change.PlanText;
import dev.vigil.change.ProfileSwitcher;
import dev.vigil.change.ConfigVersion;
import dev.vigil.change.NewVersion;
import dev.vigil.event.EventListener;
import dev.vigil.event.StackEvent;
import dev.vigil.gate.DisruptionGate;
import dev.vigil.gate.GateControl;
import dev.vigil.gate.WindowWatcher;
import dev.vigil.health.HttpProbe;
import dev.vigil.health.ProbeThreads;
import dev.vigil.health.Probes;
import dev.vigil.process.ProcessRuntime;
import dev.vigil.runtime.LazyRuntimeProvider;
import dev.vigil.runtime.RuntimeRouter;
import dev.vigil.server.ApiServer;
import dev.vigil.server.ControlPlane;
import dev.vigil.server.RateLimit;
import dev.vigil.server.ServerConfig;
import dev.vigil.server.ServerException;
import dev.vigil.server.TlsConfig;
import dev.vigil.server.metrics.VigilMetrics;
import dev.vigil.stack.Stack;
import dev.vigil.stack.StopSpec;
import dev.vigil.store.SqliteAuditLog;
import dev.vigil.store.SqliteEventStore;
import dev.vigil.store.SqliteGateStore;
import dev.vigil.store.SqliteVersionStore;
import dev.vigil.store.SqliteTokenStore;
import dev.vigil.supervise.StackPhase;
import dev.vigil.supervise.StackSupervisor;
import dev.vigil.supervise.Supervisor;
import dev.vigil.time.SystemScheduler;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;

/**
 * Wires the adapters around the core for one stack (SQLite store, event bus, process runtime, real clock,
 * virtual-thread lanes, metrics, tokens, audit trail, the API server, status.json) and runs it until asked to
 * stop. Closing stops every service first.
 */
final class StackRunner implements AutoCloseable {

    private final Stack stack;
    private final Path stateDir;
    private final SqliteEventStore store;
    private final SqliteTokenStore tokens;
    private final SqliteAuditLog audit;
    private final SqliteGateStore gateStore;
    private final GateControl gates;
    private final WindowWatcher windowWatcher;
    private final DisruptionGate gate;
    private final SqliteVersionStore versions;
    private final Applier applier;
    private final String startText;
    private final EventBus bus;
    private final SystemScheduler scheduler = new SystemScheduler();
    private final RuntimeRouter runtime;
    // Memory samples, container probes, collection rounds, scrapes, compaction: short blocking calls. Plain
    // threads reused from a pool make direct blocking syscalls; on virtual threads every socket call went
    // through the poller and a park/unpark, which cost more CPU than the call itself (docs/benchmarks.md).
    // Plain-HTTP probes run on one probe loop, other probes of process services on threads of their own.
    private final ProbeThreads probeThreads = ProbeThreads.dedicated();
    private final ExecutorService blocking = Executors.newCachedThreadPool(
            Thread.ofPlatform().name("vigil-check-", 0).daemon(true).stackSize(256 * 1024).factory());
    private final List<ExecutorService> lanes = new ArrayList<>();
    private final VigilMetrics metrics;
    private final SqliteMetricStore metricStore;
    private final MetricWriter metricWriter;
    private final Collector collector;
    private final FindingWatcher findings;
    private final ScrapeTargets scrapes;
    private boolean scrapesClosed;
    private final SqliteAlertStore alertStore;
    private final SqliteDeadLetters deadLetters;
    private final AlertDelivery delivery;
    private final Alerting alerting;
    private final EventSeries eventSeries;
    // Where the API answers: notifications link to it (Alertmanager's externalURL); known once it listens.
    private volatile String externalUrl = "";
    private final StackSupervisor supervisor;
    private ApiServer server;
    private StatusFile statusFile;
    private boolean closed;
    private boolean detached;

    StackRunner(Stack file, Path stateDir, int maxParallelStarts, PrintWriter err) {
        this.stateDir = stateDir;
        try {
            Files.createDirectories(stateDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create state directory " + stateDir, e);
        }
        Path db = stateDir.resolve("vigil.db");
        this.store = SqliteEventStore.open(db);
        store.openNotes().forEach(note -> err.println("vigil: " + note));
        this.tokens = SqliteTokenStore.open(db);
        this.audit = SqliteAuditLog.open(db);
        this.gateStore = SqliteGateStore.open(db);
        this.bus = new EventBus(store, scheduler);
        this.gates = new GateControl(file.windows(), gateStore, scheduler);
        this.windowWatcher = new WindowWatcher(file.name(), gates::calendar, scheduler, bus);
        gates.onChange(state -> windowWatcher.calendarChanged());
        this.gate = gates.gate(bus);
        this.versions = SqliteVersionStore.open(db);
        this.startText = fileText(file);
        String text = startText;
        // The profiles whose windows are open now apply from the first start.
        Stack declared = text.isEmpty() ? file : Applier.effective(file, text, scheduler.now());
        Path logs = stateDir.resolve("logs");
        LazyRuntimeProvider<DockerRuntime> containers = DockerRuntime.provider(declared.name(), logs, scheduler);
        this.runtime = new RuntimeRouter(List.of(containers, ProcessRuntime.provider(logs, stateDir.resolve("run"))));
        this.stack = runtime.prepared(declared);
        HttpClient http = HttpProbe.newClient();
        // One generator per thread: lanes draw jitter concurrently.
        RandomGenerator random = () -> ThreadLocalRandom.current().nextLong();
        this.metrics = new VigilMetrics(scheduler, Version.current());
        ProbeLatencies latencies = new ProbeLatencies();
        Supervisor.Context ctx = new Supervisor.Context(runtime, scheduler, bus,
                new ContainerProbes(new Probes(http), containers::runtime, scheduler), blocking,
                random, http, metrics.probeObserver().andThen(latencies), gate)
                .withProbeThreads(probeThreads);
        this.supervisor = new StackSupervisor(stack, ctx, this::lane, maxParallelStarts);
        this.metricStore = openMetricStore(stack, err);
        this.metricWriter = new MetricWriter(metricStore, MetricWriter.DEFAULT_QUEUE, e -> bus.publish(
                new StackEvent.MetricsProblem(scheduler.now(), stack.name(), "write_failed", e.getMessage())));
        this.collector = new Collector(supervisor, new HostCollector(), metricWriter, scheduler, blocking, latencies,
                bus::pending);
        this.scrapes = new ScrapeTargets(http, metricWriter, bus, scheduler, blocking, random);
        this.findings = new FindingWatcher(supervisor, metricStore, collector, bus, scheduler, blocking, FINDINGS_EVERY,
                TrendDetector.Settings.DEFAULT, FindingWatcher.DISK);
        this.alertStore = SqliteAlertStore.open(db);
        this.deadLetters = SqliteDeadLetters.open(db);
        this.delivery = new AlertDelivery(scheduler, deadLetters, bus, stack.name(), () -> externalUrl);
        this.alerting = new Alerting(new Alerting.Context(scheduler, metricStore, this::writeRuleSeries, alertStore, bus,
                stack.name(), delivery, blocking, () -> externalUrl, new AlertResponder(supervisor, audit, scheduler, blocking,
                () -> supervisor.stack().directory())));
        // Once an event is in the store as a series, the built-in rules look at it: a give-up alerts within a second.
        this.eventSeries = new EventSeries((atMs, readings) -> metricWriter.write(atMs, readings)
                .thenRun(() -> alerting.nudge(atMs)), scheduler, supervisor::statuses);
        bus.subscribe(eventSeries);
        this.applier = new Applier(supervisor, gate, versions, bus, scheduler, blocking, next -> {
            gates.fileWindows(next.windows());
            retain(next.metrics());
            updateScrapes();
            configureAlerting(next);
        });
        applier.running(text);
        if (StackFiles.isCompose(file.file())) {
            applier.refuseApplies("the stack was started from the Compose file " + file.file() + "; apply works on a"
                    + " vigil.yaml (vigil convert writes one): change a Compose stack with vigil down and vigil up");
        }
        ProfileSwitcher profiles = new ProfileSwitcher(applier, scheduler, blocking);
        windowWatcher.onEdge(profiles::changed);
        gates.onChange(state -> profiles.changed());
        metrics.watch(supervisor);
        bus.subscribe(metrics.eventListener());
        bus.subscribe(stored -> {
            if (stored.event() instanceof dev.vigil.event.ServiceEvent.MemoryLimitExceeded exceeded) {
                findings.limitReached(exceeded.service());
            }
        });
    }

    /**
     * Rules, routes and receivers as the stack file sets them now. Receivers whose secrets can no longer be read are
     * kept as they were, and said so.
     */
    private void configureAlerting(Stack next) {
        try {
            delivery.receivers(next.alerting().receivers(), next.directory());
        } catch (dev.vigil.stack.InvalidStackException e) {
            bus.publish(new StackEvent.NotificationProblem(scheduler.now(), next.name(), "*", "receivers_unreadable",
                    "kept the receivers as they were: " + e.getMessage()));
        }
        Map<String, java.util.Set<String>> dependsOn = new java.util.HashMap<>();
        next.services().forEach(s -> dependsOn.put(s.name(), s.dependsOn().stream()
                .map(dev.vigil.stack.Dependency::service).collect(Collectors.toSet())));
        alerting.configure(new Alerting.Setup(next.alerting(), BuiltinRules.groups(), dependsOn,
                (name, at) -> gates.calendar().windows().stream().anyMatch(w -> w.name().equals(name)
                        && w.openAt(at).isPresent())));
    }

    /** A rule group's recorded series are appended before its next rule runs, which may read them. */
    private void writeRuleSeries(long atMs, List<dev.vigil.metrics.Reading> readings) {
        try {
            metricWriter.write(atMs, readings).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while writing recorded series");
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("recorded series not written: " + e, e);
        }
    }

    /** How often the finding detectors look at the store. */
    static final Duration FINDINGS_EVERY = Duration.ofSeconds(10);

    /** The metric store in the state directory, with the stack file's retention and disk budget. */
    private SqliteMetricStore openMetricStore(Stack file, PrintWriter err) {
        String name = file.name();
        SqliteMetricStore.Options options = SqliteMetricStore.Options.defaults()
                .withProblems(p -> bus.publish(new StackEvent.MetricsProblem(p.at(), name,
                        p.kind().name().toLowerCase(java.util.Locale.ROOT), p.message())))
                .withCompactor(blocking);
        SqliteMetricStore opened = SqliteMetricStore.open(stateDir, scheduler, options);
        opened.openNotes().forEach(note -> err.println("vigil: metrics: " + note));
        opened.retain(retention(file.metrics()), file.metrics().maxDiskBytes());
        return opened;
    }

    private void retain(MetricsSettings settings) {
        metricStore.retain(retention(settings), settings.maxDiskBytes());
    }

    private static Map<Resolution, Duration> retention(MetricsSettings settings) {
        return Map.of(Resolution.RAW, settings.raw(), Resolution.MINUTE, settings.minute(), Resolution.HOUR,
                settings.hour());
    }

    /**
     * A service's metrics are scraped while it is ready (healthy, or running without probes): a service that is
     * starting, restarting or stopped has nothing to serve, and its series end rather than fill with failures.
     */
    private void updateScrapes() {
        // Its own lock: observers call this on the supervisors' lanes, which close() waits for.
        synchronized (scrapes) {
            if (!scrapesClosed) {
                scrapes.update(supervisor.statuses().stream().filter(s -> s.state().isReady())
                        .flatMap(s -> supervisor.supervisor(s.name()).map(Supervisor::spec).stream()).toList());
            }
        }
    }

    /** The stack file's text; empty for a stack made in code (no versions, no profiles). */
    private static String fileText(Stack stack) {
        try {
            return Files.readString(stack.file());
        } catch (IOException e) {
            return "";
        }
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

    /**
     * Makes sure the local admin token exists, starts the API server and status.json; returns the API's address.
     *
     * @param shutdown what {@code vigil down} does (after the server has answered); true: keep the services
     */
    URI serveApi(RunOptions options, java.util.function.Consumer<Boolean> shutdown) {
        LocalToken.ensure(stateDir, tokens);
        Optional<TlsConfig> tls = options.tlsKeystore().map(k -> new TlsConfig(k, options.tlsPassword().orElse("")));
        ServerConfig config = new ServerConfig(options.listen().host(), options.listen().port(), tls,
                new RateLimit(options.apiRateLimit(), 2 * options.apiRateLimit()), ServerConfig.DEFAULT_MAX_BODY_BYTES);
        try {
            server = ApiServer.start(config, new ControlPlane(supervisor, store, bus, runtime, tokens, audit,
                    () -> metrics.scrape() + collector.exposition() + alerting.exposition(), scheduler, shutdown, Version.current(), gates, gate,
                    applier, versions, new StackFileWrites(stack.file(), stateDir), metricStore, collector, findings,
                    Optional.of(new AlertingPlane(alerting, deadLetters, delivery))));
        } catch (ServerException e) {
            if (!e.getMessage().startsWith("could not listen")) {
                throw e;
            }
            throw new ServerException(e.getMessage() + " (another Vigil on this port? give --listen HOST:PORT; port 0 "
                    + "picks a free one)", e);
        }
        externalUrl = server.address().toString();
        statusFile = new StatusFile(stateDir, supervisor, server.address().toString(), this::stackState, gates::state,
                versions::latest);
        // Window edges, overrides and applies change what the file shows without a service changing state.
        gates.onChange(state -> statusFile.changed());
        bus.subscribe(stored -> {
            if (stored.event() instanceof StackEvent) {
                statusFile.changed();
            }
        });
        supervisor.addObserver(status -> statusFile.changed());
        // The stack becomes "started" on the control lane after the last service change that led to it.
        supervisor.started().thenRun(statusFile::changed);
        statusFile.changed();
        return server.address();
    }

    private String stackState() {
        return closed ? StackPhase.STOPPED.label() : supervisor.phase().label();
    }

    /** The control lane answers within a second: what the systemd watchdog asks before each ping. */
    boolean responsive() {
        try {
            supervisor.ping().get(1, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    void start() {
        recordStartingVersion();
        // Profiles open at the start apply from the first instance on; say so, as a switch later would.
        for (String name : stack.activeProfiles()) {
            stack.profile(name).ifPresent(p -> bus.publish(new StackEvent.ProfileActivated(scheduler.now(), stack.name(),
                    p.name(), p.window(), p.services(), p.settings())));
        }
        windowWatcher.start();
        supervisor.start();
        collector.start();
        findings.start();
        eventSeries.start();
        configureAlerting(stack);
        supervisor.addObserver(status -> updateScrapes());
        updateScrapes();
    }

    /**
     * Applies the stack file as it is now on disk (SIGHUP): the same path as {@code vigil apply}, by {@code local}.
     * Returns what happened, one line for the daemon's log.
     */
    String reload(String actor, String reason) {
        Path file = supervisor.stack().file();
        if (StackFiles.isCompose(file)) {
            return "reload: " + file + " is a Compose file; change a Compose stack with vigil down and vigil up";
        }
        String text;
        Stack next;
        try {
            text = Files.readString(file);
            next = dev.vigil.stack.StackLoader.parse(text, file);
        } catch (IOException e) {
            return "reload: cannot read " + file + ": " + e.getMessage();
        } catch (dev.vigil.stack.InvalidStackException e) {
            StringBuilder problems = new StringBuilder("reload: nothing applied, " + e.problems().size()
                    + " problem" + (e.problems().size() == 1 ? "" : "s") + ":");
            e.problems().forEach(p -> problems.append("\n  ").append(p));
            return problems.toString();
        }
        try {
            ApplyOutcome outcome = applier.apply(new ApplyRequest(next, text, actor, Optional.of(Role.ADMIN),
                    reason, Optional.empty(), true)).join();
            return "reload: " + switch (outcome) {
                case ApplyOutcome.NoChanges n -> "no changes";
                case ApplyOutcome.Refused r -> "nothing applied: " + r.refusals().stream()
                        .map(x -> x.message(java.time.ZoneId.systemDefault())).collect(Collectors.joining("; "));
                case ApplyOutcome.Applied a -> "applied as version " + a.version().number() + ": "
                        + PlanText.summary(a.plan());
                case ApplyOutcome.RolledBack b -> "rolled back: " + b.detail() + " (version " + b.version().number() + ")";
                case ApplyOutcome.Failed f -> "not ready, kept: " + f.detail();
            };
        } catch (ApplyInProgressException e) {
            return "reload: " + e.getMessage();
        }
    }

    /** The stack file supervision starts with is a version in the history, unless it is the latest one already. */
    private void recordStartingVersion() {
        String text = startText;
        if (text.isEmpty()) {
            return; // a stack made in code, or a file gone since it was read: nothing to record
        }
        String hash = ConfigVersion.hashOf(text);
        if (versions.latest().map(v -> v.hash().equals(hash)).orElse(false)) {
            return;
        }
        ConfigVersion v = versions.append(new NewVersion(scheduler.now(), "local", "vigil up", stack.file().toString(),
                text, stack.envFiles()));
        bus.publish(new StackEvent.ConfigApplied(scheduler.now(), stack.name(), v.number(), "local", "vigil up",
                stack.services().size() + " services"));
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
        } catch (ExecutionException e) {
            System.err.println("vigil: stopping failed: " + e.getCause());
        }
    }

    /**
     * Lets go of the services without stopping them: they keep running, their instance records stay, and the
     * next Vigil on this state directory adopts them. Close afterwards.
     */
    synchronized void detach() {
        detached = true;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        if (!detached) {
            stop("vigil is exiting");
            try {
                runtime.stackStopped();
            } catch (RuntimeException e) {
                // The engine went away: what it still holds is `vigil cleanup`'s to reclaim.
            }
        }
        closed = true;
        if (statusFile != null) {
            statusFile.close();
        }
        if (server != null) {
            server.close();
        }
        windowWatcher.stop();
        alerting.close();
        eventSeries.close();
        delivery.close();
        findings.close();
        collector.close();
        synchronized (scrapes) {
            scrapesClosed = true;
            scrapes.close();
        }
        metricWriter.close();
        metricStore.close();
        bus.close();
        metrics.close();
        gateStore.close();
        alertStore.close();
        deadLetters.close();
        versions.close();
        store.close();
        tokens.close();
        audit.close();
        // The container runtime's retries are timed on the scheduler: it goes first.
        runtime.close();
        probeThreads.close();
        scheduler.close();
        blocking.shutdownNow();
        lanes.forEach(ExecutorService::shutdownNow);
    }
}
