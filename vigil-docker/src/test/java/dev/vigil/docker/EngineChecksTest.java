package dev.vigil.docker;

import dev.vigil.docker.EngineChecks.Next;
import dev.vigil.stack.ProbeTiming;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** Which of the engine's healthcheck results a probe reports, with explicit times instead of a clock. */
class EngineChecksTest {

    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final ProbeTiming TIMING = new ProbeTiming(Duration.ofSeconds(1), Duration.ofMillis(500),
            Duration.ZERO, 3, 1);

    private final EngineChecks checks = new EngineChecks(TIMING);

    private static EngineHealth.Check check(long startMillis, int exitCode) {
        return new EngineHealth.Check(T0.plusMillis(startMillis), T0.plusMillis(startMillis + 50), exitCode, "");
    }

    private static Optional<EngineHealth> health(String id, EngineHealth.Check... ran) {
        return Optional.of(new EngineHealth(id, T0, List.of(ran)));
    }

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    @Test
    void withoutChecksFromTheEngineTheProbeRunsTheCommandItself() {
        assertThat(checks.next(health("c1"), at(5_000))).isEqualTo(new Next.RunItself());
        assertThat(checks.next(Optional.empty(), at(5_000))).isEqualTo(new Next.RunItself());
    }

    @Test
    void eachCheckOfTheEngineIsReportedOnce() {
        EngineHealth.Check first = check(1_000, 0);
        EngineHealth.Check second = check(2_050, 1);

        assertThat(checks.next(health("c1", first), at(1_100))).isEqualTo(new Next.Use(first));
        // Nothing new yet: wait for the next one, due an interval after the last ended.
        assertThat(checks.next(health("c1", first), at(1_200))).isEqualTo(new Next.WaitUntil(at(2_050)));
        // Due but not there yet: look again shortly.
        assertThat(checks.next(health("c1", first), at(2_060))).isEqualTo(new Next.WaitUntil(at(2_160)));
        assertThat(checks.next(health("c1", first, second), at(2_200))).isEqualTo(new Next.Use(second));
    }

    @Test
    void whenTheEngineFallsBehindItsScheduleTheProbeRunsTheCommandItself() {
        EngineHealth.Check only = check(1_000, 0);
        checks.next(health("c1", only), at(1_100));

        // Due at 2.05 s; given up at due + timeout + slack = 3.55 s.
        assertThat(checks.next(health("c1", only), at(3_500))).isEqualTo(new Next.WaitUntil(at(3_550)));
        assertThat(checks.next(health("c1", only), at(3_550))).isEqualTo(new Next.RunItself());
    }

    @Test
    void aStaleCheckIsNeverReportedEvenTheFirstTime() {
        assertThat(checks.next(health("c1", check(1_000, 1)), at(60_000))).isEqualTo(new Next.RunItself());
    }

    @Test
    void checksFromBeforeTheContainerStartedAreNotItsOwn() {
        EngineHealth earlier = new EngineHealth("c1", T0.plusSeconds(10), List.of(check(1_000, 1)));

        assertThat(earlier.checks()).isEmpty();
        assertThat(checks.next(Optional.of(earlier), at(10_500))).isEqualTo(new Next.RunItself());
    }

    @Test
    void aNewContainerStartsAfresh() {
        EngineHealth.Check old = check(1_000, 0);
        checks.next(health("c1", old), at(1_100));

        EngineHealth.Check sameTimeOtherContainer = check(1_000, 1);
        assertThat(checks.next(health("c2", sameTimeOtherContainer), at(1_200)))
                .isEqualTo(new Next.Use(sameTimeOtherContainer));
    }
}
