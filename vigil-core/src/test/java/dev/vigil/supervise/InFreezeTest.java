package dev.vigil.supervise;

import dev.vigil.event.Cause;
import dev.vigil.event.ServiceEvent.DisruptionRefused;
import dev.vigil.event.ServiceEvent.RestartScheduled;
import dev.vigil.stack.FreezeSpec;
import dev.vigil.stack.Signal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static dev.vigil.supervise.Specs.aService;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inside a freeze: a restart Vigil itself would cause (definition drift after its own restart) waits it out;
 * an unhealthy service is healed as always unless it says {@code freeze: {unhealthy: hold}}.
 */
class InFreezeTest {

    private final Harness h = new Harness();

    /** The harness's clock starts 2026-01-01 00:00 UTC: frozen from an hour before until 02:00. */
    private Supervisor underFreeze() {
        return underFreeze(aService("api"));
    }

    private Supervisor underFreeze(dev.vigil.stack.ServiceSpec service) {
        Supervisor.Context frozen = h.frozen();
        return new Supervisor(service, frozen, frozen.blocking(), DependencyGate.NONE, status -> { });
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

    @Test
    void anUnhealthyServiceThatHoldsKeepsRunningUntilTheFreezeEndsThenIsRestarted() {
        Supervisor s = underFreeze(Specs.aProbedService("api").withFreeze(new FreezeSpec(FreezeSpec.Unhealthy.HOLD)));
        s.start();
        h.healthy("api");
        h.advance(Duration.ofSeconds(5));
        assertThat(s.status().state()).isEqualTo(ServiceState.HEALTHY);

        h.unhealthy("api");
        h.advance(Duration.ofSeconds(5));

        assertThat(h.runtime.started("api")).hasSize(1);
        assertThat(h.runtime.current("api").isAlive()).isTrue();
        assertThat(s.status().state()).isEqualTo(ServiceState.UNHEALTHY);
        assertThat(s.status().reason()).endsWith("; restart held until 2026-01-01T02:00:00Z (freeze)");
        assertThat(h.events(DisruptionRefused.class, "api")).singleElement().satisfies(e -> {
            assertThat(e.cause()).isEqualTo(Cause.UNHEALTHY);
            assertThat(e.detail()).isEqualTo("held");
            assertThat(e.message()).isEqualTo("restart (unhealthy, by vigil) held: frozen by release-freeze until"
                    + " 2026-01-01T02:00:00Z");
        });

        h.advance(Duration.between(h.scheduler.now(), Instant.parse("2026-01-01T02:00:00Z")));
        assertThat(h.runtime.started("api")).hasSize(2);
        assertThat(h.events(RestartScheduled.class, "api")).singleElement()
                .satisfies(r -> assertThat(r.reason()).endsWith("still unhealthy when the freeze ended"));
    }

    @Test
    void anUnhealthyServiceIsHealedInsideAFreezeByDefault() {
        Supervisor s = underFreeze(Specs.aProbedService("api"));
        s.start();
        h.healthy("api");
        h.advance(Duration.ofSeconds(5));

        h.unhealthy("api");
        h.advance(Duration.ofSeconds(5));

        assertThat(h.runtime.started("api")).hasSize(2);
        assertThat(h.events(DisruptionRefused.class, "api")).isEmpty();
    }

    @Test
    void aServiceThatHoldsIsRestartedOutsideAFreeze() {
        Supervisor s = new Supervisor(Specs.aProbedService("api").withFreeze(new FreezeSpec(FreezeSpec.Unhealthy.HOLD)),
                h.context, h.context.blocking(), DependencyGate.NONE, status -> { });
        s.start();
        h.healthy("api");
        h.advance(Duration.ofSeconds(5));

        h.unhealthy("api");
        h.advance(Duration.ofSeconds(5));

        assertThat(h.runtime.started("api")).hasSize(2);
    }
}
