package dev.vigil.supervise;

import dev.vigil.event.Cause;
import dev.vigil.event.EventSink;
import dev.vigil.event.ServiceEvent;
import dev.vigil.gate.Decision;
import dev.vigil.gate.Disruption;
import dev.vigil.gate.DisruptionGate;
import dev.vigil.window.Freeze;
import dev.vigil.health.ProbeFactory;
import dev.vigil.health.ProbeObserver;
import dev.vigil.health.ProbeReport;
import dev.vigil.health.ProbeSet;
import dev.vigil.health.ProbeStatus;
import dev.vigil.health.ProbeThreads;
import dev.vigil.runtime.Adoption;
import dev.vigil.runtime.ExitStatus;
import dev.vigil.runtime.Instance;
import dev.vigil.runtime.Runtime;
import dev.vigil.runtime.StartFailure;
import dev.vigil.stack.Durations;
import dev.vigil.stack.FreezeSpec;
import dev.vigil.stack.MemoryLimit;
import dev.vigil.stack.ProbeSpec;
import dev.vigil.stack.RecoverySpec;
import dev.vigil.stack.RestartPolicy;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.time.Scheduler;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * The state machine of one service. It turns runtime exits, probe verdicts, memory samples and timers into
 * actions (start, soft recovery, restart with backoff, give up, stop) and records each decision as an event.
 *
 * <p>Every state change happens on the service's lane, a serial executor: the fields below are confined to it
 * and need no locks. Blocking work (recovery calls, memory sampling) runs on the blocking executor and posts
 * its result back to the lane. Callbacks about an instance that is no longer current are ignored.
 */
public final class Supervisor {

    /** Told, on the service's lane, after every state change. */
    @FunctionalInterface
    public interface Observer {
        void onStateChanged(ServiceStatus status);
    }

    /**
     * What a supervisor needs from the outside world; one per stack.
     *
     * @param gate asked before a voluntary disruption the supervisor itself would cause (a drift restart)
     * @param probeThreads where probes run: by default on {@code scheduler}, their checks on {@code blocking}
     */
    public record Context(Runtime runtime, Scheduler scheduler, EventSink events, ProbeFactory probes,
                          Executor blocking, RandomGenerator random, HttpClient http, ProbeObserver probeObserver,
                          DisruptionGate gate, ProbeThreads probeThreads) {

        public Context(Runtime runtime, Scheduler scheduler, EventSink events, ProbeFactory probes,
                       Executor blocking, RandomGenerator random, HttpClient http, ProbeObserver probeObserver,
                       DisruptionGate gate) {
            this(runtime, scheduler, events, probes, blocking, random, http, probeObserver, gate,
                    ProbeThreads.shared(scheduler, blocking));
        }

        public Context(Runtime runtime, Scheduler scheduler, EventSink events, ProbeFactory probes,
                       Executor blocking, RandomGenerator random, HttpClient http, ProbeObserver probeObserver) {
            this(runtime, scheduler, events, probes, blocking, random, http, probeObserver,
                    DisruptionGate.open(scheduler, events));
        }

        public Context(Runtime runtime, Scheduler scheduler, EventSink events, ProbeFactory probes,
                       Executor blocking, RandomGenerator random, HttpClient http) {
            this(runtime, scheduler, events, probes, blocking, random, http, ProbeObserver.NONE);
        }

        public Context withGate(DisruptionGate value) {
            return new Context(runtime, scheduler, events, probes, blocking, random, http, probeObserver, value,
                    probeThreads);
        }

        public Context withProbeThreads(ProbeThreads value) {
            return new Context(runtime, scheduler, events, probes, blocking, random, http, probeObserver, gate, value);
        }
    }

    private static final int LAST_LINES = 10;
    private static final Scheduler.Cancellable NO_TIMER = () -> { };
    private static final CompletableFuture<List<String>> NO_LINES = CompletableFuture.completedFuture(List.of());

    // Replaced only on the lane (a live change or a replacement); read from any thread.
    private volatile ServiceSpec spec;
    private final Context ctx;
    private final Executor lane;
    private final DependencyGate gate;
    private final Observer observer;
    // Confined to the lane, like the fields below; replaced with the spec.
    private BackoffPolicy backoff;
    private RestartWindow window;

    // Confined to the lane.
    private ServiceState state = ServiceState.PENDING;
    private String reason = "";
    private Instance instance;
    /** {@link #instance}, for readers off the lane (collectors). */
    private volatile Instance current;
    private long instanceStartNanos;
    private volatile ProbeSet probes;
    private ProbeStatus health = ProbeStatus.UNKNOWN;
    private int consecutiveRestarts;
    private int totalRestarts;
    private Duration restartDelay = Duration.ZERO;
    private boolean recoveryTried;
    private boolean restartPending;
    private int samplesOverLimit;
    private Scheduler.Cancellable timer = NO_TIMER;
    private Scheduler.Cancellable memoryTimer = NO_TIMER;
    private Scheduler.Cancellable driftTimer = NO_TIMER;
    private Scheduler.Cancellable holdTimer = NO_TIMER;
    private int memoryRound;
    private final List<CompletableFuture<Void>> stopWaiters = new ArrayList<>();
    private CompletableFuture<Void> outbox = CompletableFuture.completedFuture(null);

    private volatile ServiceStatus status;

    public Supervisor(ServiceSpec spec, Context ctx, Executor lane, DependencyGate gate, Observer observer) {
        this.spec = spec;
        this.ctx = ctx;
        this.lane = lane;
        this.gate = gate;
        this.observer = observer;
        this.backoff = new BackoffPolicy(spec.restart().backoff());
        this.window = new RestartWindow(spec.restart().limit());
        this.status = ServiceStatus.initial(spec.name(), spec.hasProbes(), ctx.scheduler().now());
    }

    public ServiceSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    /** The latest snapshot; safe from any thread. */
    public ServiceStatus status() {
        return status;
    }

    /** The latest state of each probe of the current instance (empty when none runs); safe from any thread. */
    public List<ProbeReport> probeReports() {
        ProbeSet current = probes;
        return current == null ? List.of() : current.reports();
    }

    /**
     * Takes over an instance that an earlier run of Vigil left running, if the runtime finds one; otherwise
     * records that it was lost, if it was. Only while the service is pending: a later start sees the result.
     */
    public void adopt() {
        lane.execute(() -> {
            if (state != ServiceState.PENDING || instance != null) {
                return;
            }
            Adoption found;
            try {
                found = ctx.runtime().adopt(spec);
            } catch (RuntimeException e) {
                publish(new ServiceEvent.InstanceLost(now(), name(), "?", "could not look for it: " + e.getMessage()));
                return;
            }
            switch (found) {
                case Adoption.None none -> { }
                case Adoption.Gone gone -> publish(new ServiceEvent.InstanceLost(now(), name(), gone.instanceId(),
                        gone.detail()));
                case Adoption.Found f -> {
                    Instance adopted = f.instance();
                    publish(new ServiceEvent.InstanceAdopted(now(), name(), adopted.id(), adopted.pid().orElse(-1),
                            adopted.startedAt()));
                    watch(adopted, "adopted pid " + adopted.pid().orElse(-1));
                    f.drift().ifPresent(drift -> restartForDrift(adopted, drift));
                }
            }
        });
    }

    /**
     * Takes a new definition that needs no new instance (probe timing and thresholds, probes added or removed,
     * restart policy and limits, a watched memory limit, recovery, stop, logs): it applies from now on. A running
     * instance keeps running; its probes and memory samples start again under the new settings. Completes once
     * the supervisor has taken it.
     */
    public CompletableFuture<Void> reconfigure(ServiceSpec next) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        lane.execute(() -> {
            take(next);
            Instance current = instance;
            if (current != null && isLive(state)) {
                if (probes != null) {
                    probes.stop();
                    probes = null;
                }
                memoryTimer.cancel();
                memoryRound++; // a sample already under way ends its chain: the new settings start their own
                if (spec.hasProbes()) {
                    probes = new ProbeSet(spec, ctx.probes(), ctx.probeThreads(), lane, ctx.random(),
                            probeListener(current), ctx.probeObserver(), instanceStartNanos);
                    probes.start();
                } else if (state != ServiceState.RUNNING) {
                    health = ProbeStatus.UNKNOWN;
                    moveTo(ServiceState.RUNNING, "no probes any more");
                }
                spec.memoryLimit().ifPresent(limit -> scheduleMemorySample(current, limit));
            }
            publishStatus();
            done.complete(null);
        });
        return done;
    }

    /**
     * Takes a new definition that needs a new instance (command, env, image, ...): a running instance is replaced
     * at once, as an operator's restart is (not counted toward the restart limit); a service that is down starts
     * with it next time. The caller has asked the gate.
     */
    public void replace(ServiceSpec next, String why) {
        lane.execute(() -> take(next));
        restart(why);
    }

    private void take(ServiceSpec next) {
        if (!next.name().equals(spec.name())) {
            throw new IllegalArgumentException("a supervisor keeps its service's name: " + spec.name() + ", not " + next.name());
        }
        spec = next;
        backoff = new BackoffPolicy(next.restart().backoff());
        window = window.withLimit(next.restart().limit());
    }

    /**
     * An adopted instance runs an older definition: it is replaced, a voluntary disruption the gate decides on.
     * Inside a freeze it keeps running and the gate is asked again when the freeze ends.
     */
    private void restartForDrift(Instance adopted, String drift) {
        if (adopted != instance || !isLive(state)) {
            return;
        }
        Decision decision = ctx.gate().decide(Disruption.byVigil(name(), "restart", Cause.DRIFT));
        if (decision instanceof Decision.Refused refused) {
            Duration wait = Duration.between(now(), refused.freeze().until());
            driftTimer = ctx.scheduler().schedule(wait.isNegative() ? Duration.ZERO : wait,
                    () -> lane.execute(() -> restartForDrift(adopted, drift)));
            return;
        }
        restartInstance(Cause.DRIFT, "definition changed since it started: " + drift);
    }

    /** The instance running now, as last seen; empty when none runs. For readers off the lane. */
    public Optional<Instance> instance() {
        return Optional.ofNullable(current);
    }

    /**
     * A steady leak of the instance {@code instanceId} is predicted to cross its memory limit soon: it is replaced
     * now, with the cause {@code predicted}, unless the gate refuses (a freeze) or another instance runs by now.
     * Completes with the gate's decision once the replacement has begun or been refused; empty when that instance
     * no longer runs.
     */
    public CompletableFuture<Optional<Decision>> restartPredicted(String instanceId, String reason) {
        return gatedRestart(Optional.of(instanceId), Cause.PREDICTED, reason);
    }

    /**
     * Replaces the running instance for a voluntary {@code cause} (an alert's response), unless the gate refuses.
     * Completes with the gate's decision; empty when no instance runs.
     */
    public CompletableFuture<Optional<Decision>> restartThroughGate(Cause cause, String reason) {
        return gatedRestart(Optional.empty(), cause, reason);
    }

    private CompletableFuture<Optional<Decision>> gatedRestart(Optional<String> instanceId, Cause cause, String reason) {
        CompletableFuture<Optional<Decision>> done = new CompletableFuture<>();
        lane.execute(() -> {
            if (instance == null || instanceId.filter(id -> !instance.id().equals(id)).isPresent() || !isLive(state)) {
                done.complete(Optional.empty());
                return;
            }
            Decision decision = ctx.gate().decide(Disruption.byVigil(name(), "restart", cause));
            if (decision instanceof Decision.Allowed || decision instanceof Decision.Overridden) {
                restartInstance(cause, reason);
            }
            done.complete(Optional.of(decision));
        });
        return done;
    }

    /**
     * Replaces the running instance by a new one at once (an operator's restart: it does not count toward the
     * restart limit), or starts the service if it is down.
     */
    public void restart(String why) {
        lane.execute(() -> {
            switch (state) {
                case STARTING, RUNNING, HEALTHY, UNHEALTHY, RECOVERING -> {
                    stopWatching();
                    totalRestarts++;
                    restartDelay = Duration.ZERO;
                    moveTo(ServiceState.RESTARTING, why);
                    stopInstance();
                }
                case BACKOFF -> {
                    timer.cancel();
                    restartPending = false;
                    trySpawn();
                }
                case PENDING, STOPPED, EXITED, FAILED -> {
                    consecutiveRestarts = 0;
                    window.clear();
                    trySpawn();
                }
                default -> { } // restarting or stopping already
            }
        });
    }

    /** Starts the service if it is not running: now if its dependencies are met, else once they are. */
    public void start() {
        lane.execute(() -> {
            switch (state) {
                case PENDING, STOPPED, EXITED, FAILED -> {
                    if (state != ServiceState.PENDING) {
                        consecutiveRestarts = 0;
                        window.clear();
                    }
                    trySpawn();
                }
                default -> { } // already running or on its way
            }
        });
    }

    /** Says, while the service is pending, what it waits for (shown in status views). */
    void awaiting(String what) {
        lane.execute(() -> {
            String why = "waiting for " + what;
            if (state == ServiceState.PENDING && !why.equals(reason)) {
                moveTo(ServiceState.PENDING, why);
            }
        });
    }

    /** Stops the service and keeps it down; completes once no instance is left. */
    public CompletableFuture<Void> stop() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        lane.execute(() -> {
            stopWaiters.add(done);
            timer.cancel();
            restartPending = false;
            switch (state) {
                case STARTING, RUNNING, HEALTHY, UNHEALTHY, RECOVERING -> {
                    moveTo(ServiceState.STOPPING, "stop requested");
                    stopInstance();
                }
                case RESTARTING -> moveTo(ServiceState.STOPPING, "stop requested"); // its exit is already coming
                case STOPPING -> { }
                default -> {
                    if (instance == null) {
                        moveTo(ServiceState.STOPPED, "stop requested");
                    }
                }
            }
            completeStopWaitersIfDown();
        });
        return done;
    }

    // ---- starting -------------------------------------------------------------------------------------------

    private void trySpawn() {
        Optional<String> unmet = gate.unmet(spec);
        if (unmet.isPresent()) {
            moveTo(ServiceState.PENDING, "waiting for " + unmet.get());
            return;
        }
        Instance started;
        try {
            started = ctx.runtime().start(spec);
        } catch (StartFailure e) {
            publish(new ServiceEvent.StartFailed(now(), name(), e.getMessage()));
            afterFailure(Cause.CRASH, "could not start: " + e.getMessage(), e.getMessage(), () -> NO_LINES, 0);
            return;
        }
        started.startChoice().ifPresent(choice -> publish(new ServiceEvent.StartChosen(now(), name(), started.id(),
                choice.kind().label(), choice.reason())));
        publish(new ServiceEvent.InstanceStarted(now(), name(), started.id(), started.pid().orElse(-1),
                consecutiveRestarts));
        watch(started, "pid " + started.pid().orElse(-1));
    }

    /** Makes the instance current: follows its exit, starts its probes and memory samples. */
    private void watch(Instance started, String why) {
        instance = started;
        current = started;
        instanceStartNanos = ctx.scheduler().nanoTime();
        health = ProbeStatus.UNKNOWN;
        recoveryTried = false;
        samplesOverLimit = 0;
        started.onExit().thenAccept(exit -> lane.execute(() -> onExit(started, exit)));
        if (spec.hasProbes()) {
            probes = new ProbeSet(spec, ctx.probes(), ctx.probeThreads(), lane, ctx.random(),
                    probeListener(started), ctx.probeObserver(), instanceStartNanos);
            moveTo(ServiceState.STARTING, why);
            probes.start();
        } else {
            moveTo(ServiceState.RUNNING, why);
        }
        spec.memoryLimit().ifPresent(limit -> scheduleMemorySample(started, limit));
    }

    // ---- health ---------------------------------------------------------------------------------------------

    private ProbeSet.Listener probeListener(Instance owner) {
        return new ProbeSet.Listener() {
            @Override
            public void onProbeChanged(ProbeSpec probe, ProbeStatus from, ProbeStatus to, String detail) {
                if (owner == instance) {
                    publish(new ServiceEvent.ProbeChanged(now(), name(), probe.describe(), from.label(), to.label(),
                            detail));
                }
            }

            @Override
            public void onCheckerError(ProbeSpec probe, String detail) {
                if (owner == instance) {
                    publish(new ServiceEvent.ProbeCheckerFailed(now(), name(), probe.describe(), detail));
                }
            }

            @Override
            public void onHealthChanged(ProbeStatus now, String detail) {
                if (owner == instance) {
                    onHealth(now, detail);
                }
            }
        };
    }

    private void onHealth(ProbeStatus now, String detail) {
        health = now;
        switch (state) {
            case STARTING, UNHEALTHY, RECOVERING -> {
                if (now == ProbeStatus.HEALTHY) {
                    if (state == ServiceState.RECOVERING) {
                        timer.cancel();
                        publish(new ServiceEvent.RecoveryAttempted(now(), name(), recoveryAction(), "recovered"));
                    }
                    recoveryTried = false;
                    moveTo(ServiceState.HEALTHY, detail);
                } else if (now == ProbeStatus.UNHEALTHY && state == ServiceState.STARTING) {
                    onUnhealthy(detail);
                } else {
                    publishStatus();
                }
            }
            case HEALTHY -> {
                if (now == ProbeStatus.UNHEALTHY) {
                    onUnhealthy(detail);
                } else {
                    publishStatus();
                }
            }
            default -> publishStatus();
        }
    }

    private void onUnhealthy(String detail) {
        moveTo(ServiceState.UNHEALTHY, detail);
        Optional<RecoverySpec> recovery = spec.recovery();
        if (recovery.isEmpty() || recoveryTried) {
            restartInstance(Cause.UNHEALTHY, "unhealthy: " + detail);
            return;
        }
        recoveryTried = true;
        RecoverySpec step = recovery.get();
        Instance target = instance;
        moveTo(ServiceState.RECOVERING, step.describe());
        ctx.blocking().execute(() -> {
            String outcome;
            boolean ok;
            try {
                outcome = Recoveries.perform(step, target, ctx.http());
                ok = true;
            } catch (RuntimeException e) {
                outcome = e.getMessage();
                ok = false;
            }
            String result = outcome;
            boolean succeeded = ok;
            lane.execute(() -> afterRecoveryStep(target, step, succeeded, result));
        });
    }

    private void afterRecoveryStep(Instance target, RecoverySpec step, boolean ok, String outcome) {
        if (target != instance || state != ServiceState.RECOVERING) {
            return;
        }
        if (!ok) {
            publish(new ServiceEvent.RecoveryAttempted(now(), name(), step.describe(), "failed: " + outcome));
            restartInstance(Cause.UNHEALTHY, "unhealthy, and recovery failed: " + outcome);
            return;
        }
        publish(new ServiceEvent.RecoveryAttempted(now(), name(), step.describe(),
                outcome + "; waiting " + Durations.format(step.waitFor()) + " for probes to pass"));
        timer = ctx.scheduler().schedule(step.waitFor(), () -> lane.execute(() -> {
            if (target == instance && state == ServiceState.RECOVERING) {
                publish(new ServiceEvent.RecoveryAttempted(now(), name(), step.describe(), "did not help"));
                restartInstance(Cause.UNHEALTHY, "still unhealthy " + Durations.format(step.waitFor()) + " after " + step.describe());
            }
        }));
    }

    private String recoveryAction() {
        return spec.recovery().map(RecoverySpec::describe).orElse("");
    }

    // ---- memory ---------------------------------------------------------------------------------------------

    private void scheduleMemorySample(Instance owner, MemoryLimit limit) {
        int round = memoryRound;
        memoryTimer = ctx.scheduler().schedule(limit.sampleInterval(), () -> ctx.blocking().execute(() -> {
            OptionalLong rss = owner.memoryBytes();
            lane.execute(() -> {
                if (round == memoryRound) {
                    onMemorySample(owner, limit, rss);
                }
            });
        }));
    }

    private void onMemorySample(Instance owner, MemoryLimit limit, OptionalLong rss) {
        if (owner != instance || !isLive(state)) {
            return;
        }
        if (rss.isPresent() && rss.getAsLong() > limit.maxBytes()) {
            samplesOverLimit++;
            if (samplesOverLimit >= limit.consecutiveSamples()) {
                publish(new ServiceEvent.MemoryLimitExceeded(now(), name(), rss.getAsLong(), limit.maxBytes(),
                        samplesOverLimit));
                restartInstance(Cause.MEMORY, "memory limit exceeded");
                return;
            }
        } else {
            samplesOverLimit = 0;
        }
        scheduleMemorySample(owner, limit);
    }

    // ---- restarts -------------------------------------------------------------------------------------------

    /** Kill the live instance so that a new one starts (or give up if the limit says so). */
    private void restartInstance(Cause cause, String reason) {
        if (cause == Cause.UNHEALTHY && spec.freeze().unhealthy() == FreezeSpec.Unhealthy.HOLD && hold(reason)) {
            return;
        }
        stopWatching();
        Instance target = instance;
        Optional<Duration> delay = decideRestart(cause, reason, reason, () -> lastLines(target), uptimeMillis());
        if (delay.isPresent()) {
            restartDelay = delay.get();
            moveTo(ServiceState.RESTARTING, reason);
        }
        stopInstance();
    }

    /**
     * {@code freeze: {unhealthy: hold}}: inside a freeze the unhealthy instance keeps running (its probes too) and
     * the hold is recorded; when the freeze ends and it is still unhealthy, it is restarted then.
     */
    private boolean hold(String reason) {
        Optional<Freeze> frozen = ctx.gate().frozen(name());
        if (frozen.isEmpty()) {
            return false;
        }
        Freeze f = frozen.get();
        Instance held = instance;
        publish(new ServiceEvent.DisruptionRefused(now(), name(), Cause.UNHEALTHY, "vigil", "restart",
                f.windows().stream().map(w -> w.window().name()).toList(), f.until(), "held"));
        moveTo(ServiceState.UNHEALTHY, reason + "; restart held until " + f.until() + " (freeze)");
        Duration wait = Duration.between(now(), f.until());
        holdTimer.cancel();
        holdTimer = ctx.scheduler().schedule(wait.isNegative() ? Duration.ZERO : wait, () -> lane.execute(() -> {
            if (held == instance && (state == ServiceState.UNHEALTHY || state == ServiceState.RECOVERING)) {
                restartInstance(Cause.UNHEALTHY, reason + "; still unhealthy when the freeze ended");
            }
        }));
        return true;
    }

    private void onExit(Instance ended, ExitStatus exit) {
        if (ended != instance) {
            return;
        }
        stopWatching();
        // The leader is gone, but processes it left behind (workers, grandchildren) may not be: they go
        // before anything else happens, so nothing is orphaned and a new instance never meets an old one's port.
        ended.stop(spec.stop()).whenComplete((gone, error) -> lane.execute(() -> afterExit(ended, exit)));
    }

    private void afterExit(Instance ended, ExitStatus exit) {
        if (ended != instance) {
            return;
        }
        long uptime = uptimeMillis();
        instance = null;
        current = null;
        health = ProbeStatus.UNKNOWN;
        boolean expected = state == ServiceState.STOPPING || state == ServiceState.RESTARTING
                || state == ServiceState.FAILED;
        Instant at = now();
        if (expected) {
            publish(new ServiceEvent.InstanceExited(at, name(), ended.id(), exit.code(), exit.signal(),
                    exit.describe(), uptime, true, List.of()));
        }
        // An unexpected exit's event carries the last lines the service wrote; they are read off the lane.
        CompletableFuture<List<String>> lastLines = expected ? NO_LINES : lastLines(ended);
        if (!expected) {
            publishWhen(lastLines, lines -> new ServiceEvent.InstanceExited(at, name(), ended.id(), exit.code(),
                    exit.signal(), exit.describe(), uptime, false, lines));
        }
        switch (state) {
            case STOPPING -> moveTo(ServiceState.STOPPED, "stopped on request");
            case RESTARTING -> restartAfter(restartDelay);
            case FAILED -> publishStatus();
            default -> onCrash(exit, () -> lastLines, uptime);
        }
        completeStopWaitersIfDown();
    }

    private void onCrash(ExitStatus exit, Supplier<CompletableFuture<List<String>>> lastLines, long uptime) {
        RestartPolicy policy = spec.restart().policy();
        if (policy == RestartPolicy.NEVER || (policy == RestartPolicy.ON_FAILURE && exit.success())) {
            moveTo(ServiceState.EXITED, exit.describe() + " (restart policy " + policy.yamlName() + ")");
            return;
        }
        afterFailure(Cause.CRASH, exit.describe(), exit.describe(), lastLines, uptime);
    }

    private void afterFailure(Cause cause, String reason, String lastExit,
                              Supplier<CompletableFuture<List<String>>> lastLines, long uptime) {
        decideRestart(cause, reason, lastExit, lastLines, uptime).ifPresent(this::restartAfter);
    }

    /**
     * Records a restart and returns its delay, or gives up (state FAILED) when the limit is exceeded; only then
     * are the last log lines read (off the lane), for the GaveUp event.
     */
    private Optional<Duration> decideRestart(Cause cause, String reason, String lastExit,
                                            Supplier<CompletableFuture<List<String>>> lastLines, long uptime) {
        Instant now = now();
        if (uptime >= spec.restart().resetAfter().toMillis()) {
            consecutiveRestarts = 0; // a stable run: heal at once again
        }
        String windowText = spec.restart().limit().map(l -> Durations.format(l.window())).orElse("unlimited");
        if (!window.allows(now)) {
            int count = window.count(now);
            publishWhen(lastLines.get(), lines -> new ServiceEvent.GaveUp(now, name(), count, windowText, lastExit,
                    lines));
            moveTo(ServiceState.FAILED, "gave up after " + count + " restarts in " + windowText + "; last: " + reason);
            return Optional.empty();
        }
        window.record(now);
        consecutiveRestarts++;
        totalRestarts++;
        Duration delay = backoff.delay(consecutiveRestarts, ctx.random().nextDouble());
        publish(new ServiceEvent.RestartScheduled(now, name(), cause, reason, consecutiveRestarts, delay.toMillis(),
                window.count(now), windowText));
        return Optional.of(delay);
    }

    private void restartAfter(Duration delay) {
        restartPending = true;
        if (delay.isZero()) {
            // Through the lane, not a direct call: a start that fails at once must not recurse.
            lane.execute(this::spawnIfRestartPending);
            return;
        }
        moveTo(ServiceState.BACKOFF, "restart in " + Durations.format(delay));
        timer = ctx.scheduler().schedule(delay, () -> lane.execute(this::spawnIfRestartPending));
    }

    private void spawnIfRestartPending() {
        if (restartPending) {
            restartPending = false;
            trySpawn();
        }
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private void stopInstance() {
        stopWatching();
        Instance target = instance;
        if (target != null) {
            target.stop(spec.stop());
        }
    }

    private void stopWatching() {
        if (probes != null) {
            probes.stop();
            probes = null;
        }
        memoryTimer.cancel();
        memoryTimer = NO_TIMER;
        driftTimer.cancel();
        driftTimer = NO_TIMER;
        holdTimer.cancel();
        holdTimer = NO_TIMER;
        timer.cancel();
        timer = NO_TIMER;
    }

    private void completeStopWaitersIfDown() {
        if (instance == null && state.isSettled() && !stopWaiters.isEmpty()) {
            stopWaiters.forEach(w -> w.complete(null));
            stopWaiters.clear();
        }
    }

    private static boolean isLive(ServiceState s) {
        return switch (s) {
            case STARTING, RUNNING, HEALTHY, UNHEALTHY, RECOVERING -> true;
            default -> false;
        };
    }

    private long uptimeMillis() {
        return instance == null ? 0 : (ctx.scheduler().nanoTime() - instanceStartNanos) / 1_000_000;
    }

    private Instant now() {
        return ctx.scheduler().now();
    }

    // Events leave in the order they were decided. One whose content is still being read (last log lines: a file
    // read, or an engine round trip for a container) holds back the events decided after it, never the lane.
    private void publish(ServiceEvent event) {
        if (outbox.isDone()) {
            ctx.events().publish(event);
        } else {
            outbox = outbox.thenRun(() -> ctx.events().publish(event));
        }
    }

    private <T> void publishWhen(CompletableFuture<T> content, Function<T, ServiceEvent> event) {
        outbox = outbox.thenCombine(content, (done, value) -> value)
                .thenAccept(value -> ctx.events().publish(event.apply(value)));
    }

    /** The instance's last log lines, read on the blocking executor; none when they cannot be read. */
    private CompletableFuture<List<String>> lastLines(Instance source) {
        return CompletableFuture.supplyAsync(() -> source.lastLogLines(LAST_LINES), ctx.blocking())
                .exceptionally(e -> List.of());
    }

    private void moveTo(ServiceState next, String why) {
        ServiceState previous = state;
        state = next;
        reason = why;
        if (previous != next) {
            publish(new ServiceEvent.StateChanged(now(), name(), previous.label(), next.label(), why));
        }
        publishStatus(previous != next);
    }

    private void publishStatus() {
        publishStatus(false);
    }

    private void publishStatus(boolean stateChanged) {
        ServiceStatus old = status;
        Instance current = instance;
        status = new ServiceStatus(name(), state, health, spec.hasProbes(), totalRestarts,
                current == null ? OptionalLong.empty() : current.pid(),
                stateChanged ? now() : old.since(),
                current == null ? Optional.empty() : Optional.of(current.startedAt()), reason);
        observer.onStateChanged(status);
    }
}
