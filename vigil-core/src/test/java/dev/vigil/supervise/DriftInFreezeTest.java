package dev.vigil.supervise;

import dev.vigil.event.Cause;
import dev.vigil.event.ServiceEvent.DisruptionRefused;
import dev.vigil.event.ServiceEvent.RestartScheduled;
import dev.vigil.gate.DisruptionGate;
import dev.vigil.gate.GateState;
import dev.vigil.stack.Signal;
import dev.vigil.stack.StackLoader;
import dev.vigil.window.Calendar;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static dev.vigil.supervise.Specs.aService;
import static org.assertj.core.api.Assertions.assertThat;

/** A restart Vigil itself would cause (definition drift after its own restart) waits out a freeze. */
class DriftInFreezeTest {

    private final Harness h = new Harness();

    /** The harness's clock starts 2026-01-01 00:00 UTC: frozen from an hour before until 02:00. */
    private Supervisor underFreeze() {
        Calendar calendar = new Calendar(StackLoader.parse("""
                services:
                  api: {command: ./api}
                windows:
                  release-freeze:
                    kind: freeze
                    from: "2025-12-31 23:00"
                    to: "2026-01-01 02:00"
                    zone: UTC
                """, Path.of("/srv/vigil.yaml")).windows());
        GateState state = new GateState(calendar, List.of());
        Supervisor.Context frozen = h.context.withGate(new DisruptionGate(() -> state, h.scheduler, h.events::add));
        return new Supervisor(aService("api"), frozen, frozen.blocking(), DependencyGate.NONE, status -> { });
    }

    @Test
    void aDriftedInstanceKeepsRunningUntilTheFreezeEndsThenIsReplaced() {
        FakeRuntime.FakeInstance left = h.runtime.leaveRunning("api", h.scheduler.now().minus(Duration.ofHours(1)),
                Optional.of("command changed"));
        Supervisor s = underFreeze();
        s.adopt();
        s.start();
        h.drain();

        assertThat(left.signals).isEmpty();
        assertThat(s.status().state()).isEqualTo(ServiceState.RUNNING);
        assertThat(h.events(DisruptionRefused.class, "api")).singleElement().satisfies(e -> {
            assertThat(e.cause()).isEqualTo(Cause.DRIFT);
            assertThat(e.actor()).isEqualTo("vigil");
            assertThat(e.until()).isEqualTo(Instant.parse("2026-01-01T02:00:00Z"));
        });

        h.advance(Duration.ofMinutes(119));
        assertThat(left.signals).isEmpty();

        h.advance(Duration.ofMinutes(1));
        assertThat(left.signals).containsExactly(Signal.TERM);
        assertThat(h.events(RestartScheduled.class, "api")).singleElement()
                .satisfies(r -> assertThat(r.cause()).isEqualTo(Cause.DRIFT));
        assertThat(h.events(DisruptionRefused.class, "api")).hasSize(1);
    }
}
