package dev.vigil.event;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class UptimeTest {

    private static final Instant T0 = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant T100 = T0.plusSeconds(100);

    private static Uptime.Change at(int s, boolean up) {
        return new Uptime.Change(T0.plusSeconds(s), up);
    }

    @Test
    void upAllTheWayIsOneAndDownHalfTheTimeIsAHalf() {
        assertThat(Uptime.share(Optional.of(true), List.of(), T0, T100).getAsDouble()).isEqualTo(1.0);
        assertThat(Uptime.share(Optional.of(true), List.of(at(25, false), at(75, true)), T0, T100).getAsDouble())
                .isCloseTo(0.5, within(1e-9));
        assertThat(Uptime.share(Optional.of(false), List.of(at(90, true)), T0, T100).getAsDouble())
                .isCloseTo(0.1, within(1e-9));
    }

    @Test
    void timeBeforeTheServiceExistedIsNotCounted() {
        // Started at 60 s, up from 61 s: 39 of the 40 known seconds.
        assertThat(Uptime.share(Optional.empty(), List.of(at(60, false), at(61, true)), T0, T100).getAsDouble())
                .isCloseTo(39.0 / 40, within(1e-9));
        assertThat(Uptime.share(Optional.empty(), List.of(), T0, T100)).isEmpty();
    }

    @Test
    void onlyRunningAndHealthyCountAsUp() {
        assertThat(List.of("running", "healthy")).allMatch(Uptime::up);
        assertThat(List.of("starting", "unhealthy", "restarting", "backoff", "failed", "stopped", "pending"))
                .noneMatch(Uptime::up);
    }
}
