package dev.vigil.supervise;

import dev.vigil.stack.RestartSpec.Backoff;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffPolicyTest {

    private final BackoffPolicy exact = new BackoffPolicy(Specs.NO_JITTER);

    @Test
    void firstRestartAfterAStableRunIsImmediate() {
        assertThat(exact.delay(1, 0.9)).isZero();
    }

    @Test
    void repeatedRestartsDoubleUpToTheCap() {
        assertThat(exact.delay(2, 0.5)).isEqualTo(Duration.ofSeconds(1));
        assertThat(exact.delay(3, 0.5)).isEqualTo(Duration.ofSeconds(2));
        assertThat(exact.delay(4, 0.5)).isEqualTo(Duration.ofSeconds(4));
        assertThat(exact.delay(7, 0.5)).isEqualTo(Duration.ofSeconds(30));
        assertThat(exact.delay(60, 0.5)).isEqualTo(Duration.ofSeconds(30));
    }

    @Property
    void jitterStaysWithinItsFraction(@ForAll @IntRange(min = 2, max = 40) int attempt,
                                      @ForAll @DoubleRange(min = 0, max = 1, maxIncluded = false) double random) {
        BackoffPolicy jittered = new BackoffPolicy(new Backoff(Duration.ofMillis(500), Duration.ofSeconds(20), 3.0, 0.2));
        double base = Math.min(500 * Math.pow(3.0, attempt - 2), 20_000);
        long ms = jittered.delay(attempt, random).toMillis();
        assertThat((double) ms).isBetween(base * 0.8 - 1, base * 1.2 + 1);
    }

    @Property
    void withoutJitterDelaysNeverShrink(@ForAll @IntRange(min = 1, max = 60) int attempt) {
        assertThat(exact.delay(attempt + 1, 0.5)).isGreaterThanOrEqualTo(exact.delay(attempt, 0.5));
    }
}
