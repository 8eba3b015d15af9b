package dev.vigil.health;

import dev.vigil.stack.ProbeSpec;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.time.Scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

/** The probes of one instance and their combined verdict: healthy when all are, unhealthy when any is. */
public final class ProbeSet {

    /** Told, on the lane, about changes of single probes and of the combined verdict. */
    public interface Listener {
        void onProbeChanged(ProbeSpec probe, ProbeStatus from, ProbeStatus to, String detail);

        void onCheckerError(ProbeSpec probe, String detail);

        void onHealthChanged(ProbeStatus health, String detail);
    }

    private final List<ProbeWorker> workers = new ArrayList<>();
    private ProbeStatus combined = ProbeStatus.UNKNOWN;

    public ProbeSet(ServiceSpec service, ProbeFactory factory, Scheduler scheduler, Executor lane, Executor checks,
                    RandomGenerator random, Listener listener) {
        this(service, factory, scheduler, lane, checks, random, listener, ProbeObserver.NONE);
    }

    public ProbeSet(ServiceSpec service, ProbeFactory factory, Scheduler scheduler, Executor lane, Executor checks,
                    RandomGenerator random, Listener listener, ProbeObserver observer) {
        this(service, factory, scheduler, lane, checks, random, listener, observer, scheduler.nanoTime());
    }

    /**
     * @param instanceStartedNanos when the instance started ({@link Scheduler#nanoTime()}): the start period counts
     *     from there, so probes started again for a running instance (new settings) get no second start period
     */
    public ProbeSet(ServiceSpec service, ProbeFactory factory, Scheduler scheduler, Executor lane, Executor checks,
                    RandomGenerator random, Listener listener, ProbeObserver observer, long instanceStartedNanos) {
        this(service, factory, ProbeThreads.shared(scheduler, checks), lane, random, listener, observer,
                instanceStartedNanos);
    }

    /**
     * @param threads where each probe's runs happen
     * @param instanceStartedNanos when the instance started ({@link Scheduler#nanoTime()}): the start period counts
     *     from there, so probes started again for a running instance (new settings) get no second start period
     */
    public ProbeSet(ServiceSpec service, ProbeFactory factory, ProbeThreads threads, Executor lane,
                    RandomGenerator random, Listener listener, ProbeObserver observer, long instanceStartedNanos) {
        ProbeWorker.Listener relay = new ProbeWorker.Listener() {
            @Override
            public void onVerdict(ProbeWorker worker, ProbeStatus from, ProbeStatus to, String detail) {
                listener.onProbeChanged(worker.spec(), from, to, detail);
                ProbeStatus now = ProbeStatus.combine(workers.stream().map(ProbeWorker::status).toList());
                if (now != combined) {
                    combined = now;
                    listener.onHealthChanged(now, worker.spec().describe() + ": " + detail);
                }
            }

            @Override
            public void onCheckerError(ProbeWorker worker, String detail) {
                listener.onCheckerError(worker.spec(), detail);
            }
        };
        for (ProbeSpec spec : service.health()) {
            Probe probe = factory.create(service, spec);
            workers.add(new ProbeWorker(service.name(), spec, probe, threads.lease(service.name(), probe), lane, random,
                    relay, observer, instanceStartedNanos));
        }
    }

    public ProbeStatus health() {
        return combined;
    }

    /** The latest state of each probe; safe from any thread. */
    public List<ProbeReport> reports() {
        return workers.stream().map(ProbeWorker::report).toList();
    }

    public List<ProbeWorker> workers() {
        return List.copyOf(workers);
    }

    public void start() {
        workers.forEach(ProbeWorker::start);
    }

    public void stop() {
        workers.forEach(ProbeWorker::stop);
    }
}
