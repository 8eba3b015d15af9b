package dev.vigil.gate;

import dev.vigil.auth.Role;
import dev.vigil.event.Cause;
import dev.vigil.event.Event;
import dev.vigil.event.ServiceEvent.DisruptionRefused;
import dev.vigil.event.ServiceEvent.OverrideUsed;
import dev.vigil.stack.Stack;
import dev.vigil.stack.StackLoader;
import dev.vigil.time.ManualScheduler;
import dev.vigil.window.Calendar;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** The gate on the manual clock: what it lets through inside and outside a freeze, and what it records. */
class DisruptionGateTest {

    // Friday 2026-12-04 17:00 in UTC (the windows below are in UTC).
    private static final Instant FRIDAY_5PM = Instant.parse("2026-12-04T17:00:00Z");
    private static final Instant MONDAY_6AM = Instant.parse("2026-12-07T06:00:00Z");

    private final ManualScheduler clock = new ManualScheduler(FRIDAY_5PM);
    private final List<Event> events = new ArrayList<>();
    private final AtomicReference<GateState> state = new AtomicReference<>(new GateState(calendar("""
            services:
              api: {command: ./api}
              web: {command: ./web}
              pay-eu: {command: ./pay}
            windows:
              weekend:
                kind: freeze
                from: "Fri 18:00"
                to: "Mon 06:00"
                zone: UTC
                services: [api, "pay-*"]
                reason: nothing voluntary over the weekend
              nightly: {kind: maintenance, from: "Mon 00:00", to: "Mon 01:00", zone: UTC}
            """), List.of()));
    private final DisruptionGate gate = new DisruptionGate(state::get, clock, events::add);

    private static Calendar calendar(String yaml) {
        Stack stack = StackLoader.parse(yaml, Path.of("/srv/shop/vigil.yaml"));
        return new Calendar(stack.windows());
    }

    private static Disruption operator(String service, Optional<String> override) {
        return new Disruption(service, "restart", Cause.OPERATOR, "ops", Optional.of(Role.OPERATOR), override);
    }

    @Test
    void outsideAFreezeEverythingIsAllowedAndNothingRecorded() {
        assertThat(gate.decide(operator("api", Optional.empty()))).isInstanceOf(Decision.Allowed.class);
        assertThat(events).isEmpty();
    }

    @Test
    void insideAFreezeAVoluntaryDisruptionIsRefusedWithTheWindowAndItsEnd() {
        clock.advance(Duration.ofHours(2)); // Friday 19:00

        Decision decision = gate.decide(operator("api", Optional.empty()));

        assertThat(decision).isInstanceOf(Decision.Refused.class);
        assertThat(((Decision.Refused) decision).freeze().until()).isEqualTo(MONDAY_6AM);
        assertThat(events).singleElement().isInstanceOfSatisfying(DisruptionRefused.class, e -> {
            assertThat(e.service()).isEqualTo("api");
            assertThat(e.cause()).isEqualTo(Cause.OPERATOR);
            assertThat(e.actor()).isEqualTo("ops");
            assertThat(e.windows()).containsExactly("weekend");
            assertThat(e.until()).isEqualTo(MONDAY_6AM);
        });
    }

    @Test
    void aServiceTheFreezeDoesNotCoverIsNotFrozen() {
        clock.advance(Duration.ofHours(2));

        assertThat(gate.decide(operator("web", Optional.empty()))).isInstanceOf(Decision.Allowed.class);
        assertThat(gate.decide(operator("pay-eu", Optional.empty()))).isInstanceOf(Decision.Refused.class);
    }

    @Test
    void healingIsNeverRefused() {
        clock.advance(Duration.ofHours(2));

        for (Cause healing : List.of(Cause.CRASH, Cause.UNHEALTHY, Cause.MEMORY)) {
            assertThat(gate.decide(Disruption.byVigil("api", "restart", healing))).isInstanceOf(Decision.Allowed.class);
        }
        assertThat(gate.decide(Disruption.byVigil("api", "restart", Cause.DRIFT))).isInstanceOf(Decision.Refused.class);
        assertThat(events).hasSize(1);
    }

    @Test
    void anOverrideWithAReasonGoesThroughOnTheRecord() {
        clock.advance(Duration.ofHours(2));

        Decision decision = gate.decide(new Disruption("api", "restart", Cause.OPERATOR, "alice", Optional.of(Role.ADMIN),
                Optional.of("hotfix for payment outage")));

        assertThat(decision).isInstanceOf(Decision.Overridden.class);
        assertThat(events).singleElement().isInstanceOfSatisfying(OverrideUsed.class, e -> {
            assertThat(e.actor()).isEqualTo("alice");
            assertThat(e.reason()).isEqualTo("hotfix for payment outage");
            assertThat(e.windows()).containsExactly("weekend");
        });
    }

    @Test
    void aTimedOverrideLetsOperatorsThroughUntilItEnds() {
        clock.advance(Duration.ofHours(2));
        Instant now = clock.now();
        state.set(new GateState(state.get().calendar(),
                List.of(new TimedOverride("alice", "incident 4711", now, now.plus(Duration.ofMinutes(30))))));

        assertThat(gate.decide(operator("api", Optional.empty()))).isInstanceOf(Decision.Overridden.class);
        assertThat(gate.decide(Disruption.byVigil("api", "restart", Cause.DRIFT)))
                .as("Vigil itself holds no role").isInstanceOf(Decision.Refused.class);
        assertThat(gate.decide(new Disruption("api", "restart", Cause.OPERATOR, "bob", Optional.of(Role.VIEWER),
                Optional.empty()))).isInstanceOf(Decision.Refused.class);

        clock.advance(Duration.ofMinutes(30));
        assertThat(gate.decide(operator("api", Optional.empty()))).isInstanceOf(Decision.Refused.class);
    }

    @Test
    void afterTheFreezeEndsItIsAllowedAgain() {
        clock.advance(Duration.between(FRIDAY_5PM, MONDAY_6AM));

        assertThat(gate.decide(operator("api", Optional.empty()))).isInstanceOf(Decision.Allowed.class);
        assertThat(gate.frozen("api")).isEmpty();
    }
}
