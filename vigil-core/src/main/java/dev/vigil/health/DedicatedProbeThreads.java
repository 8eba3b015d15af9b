package dev.vigil.health;

import dev.vigil.time.DedicatedScheduler;

import java.util.Optional;

/** {@link ProbeThreads#dedicated()}: one loop for the asynchronous probes, a thread for each other one. */
final class DedicatedProbeThreads implements ProbeThreads {

    private ProbeLoop loop;
    private boolean closed;

    @Override
    public synchronized Lease lease(String service, Probe probe) {
        if (probe instanceof AsyncProbe) {
            if (loop == null) {
                loop = new ProbeLoop("vigil-probe-loop");
                if (closed) {
                    loop.close();
                }
            }
            return new Lease(loop, loop, Optional.of(loop), () -> { });
        }
        DedicatedScheduler own = new DedicatedScheduler(Thread.ofPlatform().name("vigil-probe-" + service)
                .daemon(true).stackSize(PROBE_THREAD_STACK).factory(), PROBE_TICK);
        return new Lease(own, Runnable::run, own::close);
    }

    /** Ends the loop, which closes the connections of the probes on it. */
    @Override
    public synchronized void close() {
        closed = true;
        if (loop != null) {
            loop.close();
        }
    }
}
