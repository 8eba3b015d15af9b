package dev.vigil.docker;

import dev.vigil.health.Probe;
import dev.vigil.health.ProbeFactory;
import dev.vigil.health.ProbeResult;
import dev.vigil.stack.ContainerSpec;
import dev.vigil.stack.ExecProbeSpec;
import dev.vigil.stack.ProbeTiming;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.time.ManualScheduler;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A container's exec probe on the manual clock, with a stand-in engine: waiting for the engine's next check and
 * giving up on a silent engine both follow the scheduler's time, not the wall clock.
 */
class ContainerProbesTimingTest {

    private static final ProbeTiming TIMING =
            new ProbeTiming(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO, 3, 1);
    private static final ExecProbeSpec CHECK = new ExecProbeSpec(List.of("test", "-f", "/tmp/ok"), TIMING);
    private static final ServiceSpec WEB = ServiceSpec.of("web", List.of(), Path.of("/tmp"))
            .withContainer(ContainerSpec.of("busybox")).withHealth(List.of(CHECK));
    private static final ProbeFactory ELSEWHERE = (s, p) -> {
        throw new AssertionError("not a container exec probe: " + p);
    };

    private final ManualScheduler clock = new ManualScheduler();
    private final StandIn engine = new StandIn();
    private final Probe probe = new ContainerProbes(ELSEWHERE, () -> engine, clock).create(WEB, CHECK);

    @Test
    void eachEngineCheckIsUsedOnceAndTheNextIsAwaitedOnTheSchedulersTime() {
        Instant t0 = clock.now();
        engine.checks.add(new EngineHealth.Check(t0.minusMillis(300), t0.minusMillis(200), 0, ""));
        assertThat(probe.check()).isEqualTo(new ProbeResult.Healthy("engine's healthcheck: exit 0"));

        CompletableFuture<ProbeResult> next = CompletableFuture.supplyAsync(probe::check);
        // The bound on the whole check, and the wait for the engine's next check (its end + the interval).
        Awaitility.await().until(() -> clock.pendingTimers() == 2);
        engine.checks.add(new EngineHealth.Check(t0.plusMillis(1700), t0.plusMillis(1790), 1, "missing\n"));
        clock.advance(Duration.ofMillis(1799));
        assertThat(next).isNotDone();

        clock.advance(Duration.ofMillis(1));
        assertThat(next.join()).isEqualTo(new ProbeResult.Unhealthy("engine's healthcheck: exit 1: missing"));
        assertThat(engine.execs).as("the engine ran every check; Vigil ran none").isEmpty();
    }

    @Test
    void anEngineThatDoesNotAnswerInTimeGivesAnUnknownResult() throws Exception {
        ExecProbeSpec other = new ExecProbeSpec(List.of("true"), TIMING);
        CountDownLatch hung = new CountDownLatch(1);
        engine.hangExecs = hung;
        Probe second = new ContainerProbes(ELSEWHERE, () -> engine, clock).create(WEB, other);

        CompletableFuture<ProbeResult> result = CompletableFuture.supplyAsync(second::check);
        Awaitility.await().until(() -> clock.pendingTimers() == 1 && engine.execs.size() == 1);
        // What the check itself may take (its timeout), plus the engine's slack.
        clock.advance(TIMING.timeout().plus(ContainerProbes.ENGINE_SLACK).minusNanos(1));
        assertThat(result).isNotDone();

        clock.advance(Duration.ofNanos(1));
        assertThat(result.join()).isEqualTo(new ProbeResult.Unknown("the container engine did not answer within 6s"));
        hung.countDown();
    }

    /** An engine that runs healthchecks when told of them, and whose exec may hang. */
    private static final class StandIn implements ProbeTarget {
        final List<EngineHealth.Check> checks = new CopyOnWriteArrayList<>();
        final List<List<String>> execs = new CopyOnWriteArrayList<>();
        volatile CountDownLatch hangExecs = new CountDownLatch(0);

        @Override
        public String stack() {
            return "shop";
        }

        @Override
        public ExecResult exec(String containerId, List<String> cmd, Duration timeout) {
            execs.add(cmd);
            try {
                hangExecs.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return new ExecResult(0, "", false);
        }

        @Override
        public Optional<EngineHealth> engineHealth(String container) {
            return Optional.of(new EngineHealth("c0ffee", Instant.EPOCH, List.copyOf(checks)));
        }
    }
}
