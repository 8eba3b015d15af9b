package dev.vigil.supervise;

import dev.vigil.stack.RestartSpec.RestartLimit;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class RestartWindowTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void allowsUpToTheLimitWithinTheWindow() {
        RestartWindow window = new RestartWindow(Optional.of(new RestartLimit(3, Duration.ofMinutes(1))));
        for (int i = 0; i < 3; i++) {
            assertThat(window.allows(T0.plusSeconds(i))).isTrue();
            window.record(T0.plusSeconds(i));
        }
        assertThat(window.allows(T0.plusSeconds(10))).isFalse();
        assertThat(window.count(T0.plusSeconds(10))).isEqualTo(3);
    }

    @Test
    void oldRestartsSlideOutOfTheWindow() {
        RestartWindow window = new RestartWindow(Optional.of(new RestartLimit(2, Duration.ofMinutes(1))));
        window.record(T0);
        window.record(T0.plusSeconds(30));
        assertThat(window.allows(T0.plusSeconds(59))).isFalse();
        assertThat(window.allows(T0.plusSeconds(60))).isTrue();
        assertThat(window.count(T0.plusSeconds(91))).isZero();
    }

    @Test
    void withoutALimitEverythingIsAllowed() {
        RestartWindow window = new RestartWindow(Optional.empty());
        for (int i = 0; i < 1000; i++) {
            window.record(T0.plusMillis(i));
        }
        assertThat(window.allows(T0.plusSeconds(1))).isTrue();
    }
}
