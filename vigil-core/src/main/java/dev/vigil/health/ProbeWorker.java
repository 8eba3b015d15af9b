package dev.vigil.health;

import dev.vigil.stack.ProbeSpec;
import dev.vigil.stack.ProbeTiming;
import dev.vigil.time.Scheduler;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.random.RandomGenerator;

/**
 * Runs one probe of one instance on its own schedule: quickly during the start period, every interval after,
 * at a random phase so many probes never fire together. Checks run on the checks executor, or start on the probe
 * loop when the probe is asynchronous, and each result is counted right where the check ended, as kubelet's workers
 * do: the runs of one probe follow one another (a run schedules the next), so the counting state needs no lane. Only what the service must hear about, a verdict that changed or a
 * checker that broke, goes to the service's lane; a healthy probe that stays healthy costs the lane nothing.
 */
public final class ProbeWorker {

    /** Told about verdict changes and broken checkers; called on the lane. */
    public interface Listener {
        void onVerdict(ProbeWorker worker, ProbeStatus from, ProbeStatus to, String detail);

        void onCheckerError(ProbeWorker worker, String detail);
    }

    private final ProbeSpec spec;
    private final Probe probe;
    private final Scheduler scheduler;
    private final Executor lane;
    private final Executor checks;
    /** Where the checks start when the probe is asynchronous and its lease has a loop; else null. */
    private final ProbeLoop loop;
    private final AsyncProbe async;
    private final Runnable fire = this::fire;
    private final Runnable startAsync = this::startAsync;
    private final Consumer<ProbeResult> countAsync = this::countAsync;
    private final Runnable release;
    private final Listener listener;
    private final ProbeObserver.Runs observer;
    private final String described;
    private final long startedNanos;
    private final Duration steadyPhase;
    private final Duration firstDelay;
    // Confined to the chain of runs: each is written by one run and read by the next, which that run scheduled.
    private final ProbeThresholds thresholds;
    private boolean steady;
    private boolean lastWasUnknown;
    private long runStart;
    // Confined to the lane: the verdict as the lane was told it.
    private ProbeStatus status = ProbeStatus.UNKNOWN;
    private volatile String lastDetail = "";
    private volatile ProbeReport report;
    private volatile boolean stopped;
    private volatile Scheduler.Cancellable timer = () -> { };

    public ProbeWorker(ProbeSpec spec, Probe probe, Scheduler scheduler, Executor lane, Executor checks,
                       RandomGenerator random, Listener listener) {
        this("", spec, probe, scheduler, lane, checks, random, listener, ProbeObserver.NONE);
    }

    public ProbeWorker(String service, ProbeSpec spec, Probe probe, Scheduler scheduler, Executor lane,
                       Executor checks, RandomGenerator random, Listener listener, ProbeObserver observer) {
        this(service, spec, probe, ProbeThreads.shared(scheduler, checks).lease(service, probe), lane, random, listener,
                observer, scheduler.nanoTime());
    }

    /**
     * @param threads the timer and checks executor of this probe, let go of when it stops
     * @param startedNanos when the instance started: the start period counts from there
     */
    public ProbeWorker(String service, ProbeSpec spec, Probe probe, ProbeThreads.Lease threads, Executor lane,
                       RandomGenerator random, Listener listener, ProbeObserver observer, long startedNanos) {
        this.observer = observer.of(service, spec);
        // Masking a URL's secrets takes regular expressions: once per worker, not once per run.
        this.described = spec.describe();
        this.report = ProbeReport.notYetRun(described);
        this.spec = spec;
        this.probe = probe;
        this.scheduler = threads.timers();
        this.checks = threads.checks();
        this.loop = probe instanceof AsyncProbe ? threads.loop().orElse(null) : null;
        this.async = loop == null ? null : (AsyncProbe) probe;
        this.release = threads.release();
        this.lane = lane;
        this.listener = listener;
        this.thresholds = new ProbeThresholds(spec.timing());
        this.startedNanos = startedNanos;
        ProbeTiming timing = spec.timing();
        this.firstDelay = Duration.ofNanos((long) (random.nextDouble() * timing.startInterval().toNanos()));
        this.steadyPhase = Duration.ofNanos((long) (random.nextDouble() * timing.interval().toNanos()));
    }

    public ProbeSpec spec() {
        return spec;
    }

    /** The verdict as the lane was last told it; call on the lane. */
    public ProbeStatus status() {
        return status;
    }

    /** The detail of the last result (e.g. {@code 200 in 3ms}). */
    public String lastDetail() {
        return lastDetail;
    }

    /** The latest state of this probe; safe from any thread. */
    public ProbeReport report() {
        return report;
    }

    /** Call on the lane. */
    public void start() {
        timer = scheduler.schedule(firstDelay, fire);
    }

    /**
     * Call on the lane; a check already running finishes (an asynchronous one ends with its connection closed) but
     * its result is dropped. Lets go of the probe (its kept connection) and of its threads.
     */
    public void stop() {
        stopped = true;
        timer.cancel();
        probe.close();
        release.run();
    }

    private void fire() {
        if (stopped) {
            return;
        }
        runStart = scheduler.nanoTime();
        if (async == null) {
            long start = runStart;
            checks.execute(() -> count(runCheck(), start));
        } else if (loop.inLoop()) {
            startAsync();
        } else {
            loop.execute(startAsync);
        }
    }

    /** On the loop: the check waits for its I/O there, and the result is counted there when it comes. */
    private void startAsync() {
        if (stopped) {
            return;
        }
        try {
            async.start(loop, countAsync);
        } catch (RuntimeException e) {
            count(new ProbeResult.Unknown("probe failed: " + e), runStart);
        }
    }

    private void countAsync(ProbeResult result) {
        count(result, runStart);
    }

    private ProbeResult runCheck() {
        try {
            return probe.check();
        } catch (RuntimeException e) {
            return new ProbeResult.Unknown("probe failed: " + e);
        }
    }

    /** On the checks executor or the loop, right after the check. */
    private void count(ProbeResult result, long runStart) {
        if (stopped) {
            return;
        }
        boolean unknown = result instanceof ProbeResult.Unknown;
        boolean checkerBroke = unknown && !lastWasUnknown;
        lastWasUnknown = unknown;
        if (!unknown) {
            lastDetail = result.detail();
        }
        Optional<ProbeStatus> changed = thresholds.record(result, inStartPeriod());
        Duration took = Duration.ofNanos(scheduler.nanoTime() - runStart);
        report = new ProbeReport(described, thresholds.status(), label(result), result.detail(),
                Optional.of(scheduler.now()), took);
        observer.onResult(result, took);
        if (checkerBroke || changed.isPresent()) {
            lane.execute(() -> tell(checkerBroke, changed, result.detail()));
        }
        if (!stopped) {
            scheduleNext(runStart);
        }
    }

    /** On the lane: what the service must hear about one run. */
    private void tell(boolean checkerBroke, Optional<ProbeStatus> changed, String detail) {
        if (stopped) {
            return;
        }
        if (checkerBroke) {
            listener.onCheckerError(this, detail);
        }
        if (changed.isPresent()) {
            ProbeStatus from = status;
            status = changed.get();
            listener.onVerdict(this, from, status, detail);
        }
    }

    private static String label(ProbeResult result) {
        return switch (result) {
            case ProbeResult.Healthy h -> "healthy";
            case ProbeResult.Unhealthy u -> "unhealthy";
            case ProbeResult.Unknown u -> "unknown";
        };
    }

    private boolean inStartPeriod() {
        return thresholds.status() == ProbeStatus.UNKNOWN
                && scheduler.nanoTime() - startedNanos < spec.timing().startPeriod().toNanos();
    }

    private void scheduleNext(long runStart) {
        Duration delay;
        if (inStartPeriod()) {
            delay = spec.timing().startInterval();
        } else if (!steady) {
            steady = true;
            delay = steadyPhase;
        } else {
            // Measured from the start of the last run, so slow checks do not stretch the interval.
            long elapsed = scheduler.nanoTime() - runStart;
            delay = Duration.ofNanos(Math.max(0, spec.timing().interval().toNanos() - elapsed));
        }
        timer = scheduler.schedule(delay, fire);
    }
}
