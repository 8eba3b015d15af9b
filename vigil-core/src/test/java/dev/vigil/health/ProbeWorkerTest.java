package dev.vigil.health;

import dev.vigil.stack.HttpProbeSpec;
import dev.vigil.stack.ProbeSpec;
import dev.vigil.stack.ProbeTiming;
import dev.vigil.time.ManualScheduler;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

/** One probe's runs on manual time: counted where the check ran, the lane told only what changed. */
class ProbeWorkerTest {

    private static final ProbeSpec SPEC = HttpProbeSpec.of(URI.create("http://monitor:secret@127.0.0.1:1/health"),
            new ProbeTiming(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO, 2, 1));
    private static final RandomGenerator NO_PHASE = new RandomGenerator() {
        @Override
        public long nextLong() {
            return 0;
        }

        @Override
        public double nextDouble() {
            return 0;
        }
    };

    private final ManualScheduler clock = new ManualScheduler();
    private final List<String> told = new ArrayList<>();
    private final List<ProbeResult> observed = new ArrayList<>();
    private int laneTasks;
    private final Executor lane = task -> {
        laneTasks++;
        task.run();
    };
    private ProbeResult next = new ProbeResult.Healthy("200 in 1ms");
    private boolean probeClosed;
    private boolean threadsReleased;
    private final Probe probe = new Probe() {
        @Override
        public ProbeResult check() {
            return next;
        }

        @Override
        public void close() {
            probeClosed = true;
        }
    };
    private final ProbeWorker worker = new ProbeWorker("api", SPEC, probe,
            new ProbeThreads.Lease(clock, Runnable::run, () -> threadsReleased = true), lane, NO_PHASE,
            new ProbeWorker.Listener() {
                @Override
                public void onVerdict(ProbeWorker w, ProbeStatus from, ProbeStatus to, String detail) {
                    told.add(from.label() + " -> " + to.label() + ": " + detail);
                }

                @Override
                public void onCheckerError(ProbeWorker w, String detail) {
                    told.add("checker: " + detail);
                }
            },
            new ProbeObserver() {
                @Override
                public void onResult(String service, ProbeSpec probe, ProbeResult result, Duration took) {
                    throw new AssertionError("the worker asks for its probe's observer once, up front");
                }

                @Override
                public Runs of(String service, ProbeSpec probe) {
                    assertThat(service).isEqualTo("api");
                    return (result, took) -> observed.add(result);
                }
            }, clock.nanoTime());

    private void runs(int count) {
        for (int i = 0; i < count; i++) {
            clock.advance(Duration.ofSeconds(1));
        }
    }

    @Test
    void aHealthyProbeThatStaysHealthyCostsTheLaneNothing() {
        worker.start();
        clock.runDue();
        assertThat(told).containsExactly("unknown -> healthy: 200 in 1ms");
        assertThat(laneTasks).isEqualTo(1);
        int before = observed.size();

        runs(10);

        assertThat(observed).hasSize(before + 10);
        assertThat(laneTasks).isEqualTo(1);
        assertThat(worker.status()).isEqualTo(ProbeStatus.HEALTHY);
        assertThat(worker.report().status()).isEqualTo(ProbeStatus.HEALTHY);
        assertThat(worker.report().probe()).isEqualTo("http http://monitor:***@127.0.0.1:1/health");
        assertThat(worker.report().checkedAt()).contains(clock.now());
    }

    @Test
    void theLaneHearsOfVerdictChangesAndOfTheFirstOfARunOfCheckerErrors() {
        worker.start();
        clock.runDue();
        next = new ProbeResult.Unhealthy("503 in 2ms");
        runs(2);
        next = new ProbeResult.Unknown("could not run");
        runs(3);
        next = new ProbeResult.Healthy("200 in 1ms");
        runs(1);

        assertThat(told).containsExactly(
                "unknown -> healthy: 200 in 1ms",
                "healthy -> unhealthy: 503 in 2ms",
                "checker: could not run",
                "unhealthy -> healthy: 200 in 1ms");
        assertThat(laneTasks).isEqualTo(4);
        assertThat(worker.lastDetail()).isEqualTo("200 in 1ms");
    }

    @Test
    void stoppingDropsTheRunsAndLetsGoOfTheProbeAndItsThreads() {
        worker.start();
        clock.runDue();
        int before = observed.size();
        worker.stop();
        runs(3);

        assertThat(observed).hasSize(before);
        assertThat(clock.pendingTimers()).isZero();
        assertThat(probeClosed).isTrue();
        assertThat(threadsReleased).isTrue();
    }
}
