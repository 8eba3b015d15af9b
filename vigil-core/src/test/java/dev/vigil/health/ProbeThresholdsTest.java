package dev.vigil.health;

import dev.vigil.stack.ProbeTiming;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ProbeThresholdsTest {

    private static final ProbeResult OK = new ProbeResult.Healthy("200 in 1ms");
    private static final ProbeResult FAIL = new ProbeResult.Unhealthy("503 in 1ms");
    private static final ProbeResult BROKEN = new ProbeResult.Unknown("could not run probe command");

    private static ProbeThresholds thresholds(int failures, int successes) {
        return new ProbeThresholds(new ProbeTiming(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ZERO,
                failures, successes));
    }

    @Test
    void aRunOfFailuresReachingTheThresholdMakesItUnhealthy() {
        ProbeThresholds t = thresholds(3, 1);
        assertThat(t.record(OK, false)).contains(ProbeStatus.HEALTHY);

        assertThat(t.record(FAIL, false)).isEmpty();
        assertThat(t.record(FAIL, false)).isEmpty();
        assertThat(t.record(FAIL, false)).contains(ProbeStatus.UNHEALTHY);
        assertThat(t.record(FAIL, false)).as("reported once, on the change").isEmpty();
    }

    @Test
    void aSuccessInBetweenStartsTheCountAgain() {
        ProbeThresholds t = thresholds(2, 1);
        t.record(OK, false);
        t.record(FAIL, false);
        t.record(OK, false);
        assertThat(t.record(FAIL, false)).isEmpty();
        assertThat(t.status()).isEqualTo(ProbeStatus.HEALTHY);
    }

    @Test
    void theSuccessThresholdCountsARunOfSuccesses() {
        ProbeThresholds t = thresholds(1, 3);
        assertThat(t.record(OK, false)).isEmpty();
        assertThat(t.record(OK, false)).isEmpty();
        assertThat(t.record(OK, false)).contains(ProbeStatus.HEALTHY);
        assertThat(t.record(FAIL, false)).contains(ProbeStatus.UNHEALTHY);
        assertThat(t.record(OK, false)).isEmpty();
        assertThat(t.record(OK, false)).isEmpty();
        assertThat(t.record(OK, false)).contains(ProbeStatus.HEALTHY);
    }

    @Test
    void unknownResultsAreThrownAwayAndDoNotBreakARun() {
        ProbeThresholds t = thresholds(2, 1);
        t.record(OK, false);
        t.record(FAIL, false);
        for (int i = 0; i < 10; i++) {
            assertThat(t.record(BROKEN, false)).isEmpty();
        }
        assertThat(t.status()).isEqualTo(ProbeStatus.HEALTHY);
        assertThat(t.record(FAIL, false)).contains(ProbeStatus.UNHEALTHY);
    }

    @Test
    void failuresDuringTheStartPeriodDoNotCount() {
        ProbeThresholds t = thresholds(1, 1);
        for (int i = 0; i < 50; i++) {
            assertThat(t.record(FAIL, true)).isEmpty();
        }
        assertThat(t.status()).isEqualTo(ProbeStatus.UNKNOWN);
        assertThat(t.record(FAIL, false)).isEqualTo(Optional.of(ProbeStatus.UNHEALTHY));
    }
}
