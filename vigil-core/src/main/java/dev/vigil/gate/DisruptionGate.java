package dev.vigil.gate;

import dev.vigil.auth.Role;
import dev.vigil.event.EventSink;
import dev.vigil.event.ServiceEvent;
import dev.vigil.time.Scheduler;
import dev.vigil.window.Freeze;
import dev.vigil.window.OpenWindow;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The one place that decides whether a voluntary disruption (an operator's restart or stop, an apply, a rollback,
 * a drift restart, later deployments and chaos) may happen now. Inside a freeze window it refuses, unless an
 * admin overrides it on the record or an operator acts under a timed override. Healing never asks: a crash is
 * restarted whatever the calendar says. Every refusal and every override is an event.
 */
public final class DisruptionGate {

    private final Supplier<GateState> state;
    private final Scheduler clock;
    private final EventSink events;

    public DisruptionGate(Supplier<GateState> state, Scheduler clock, EventSink events) {
        this.state = state;
        this.clock = clock;
        this.events = events;
    }

    /** A gate with no windows: everything is allowed (tests, and stacks before their windows are read). */
    public static DisruptionGate open(Scheduler clock, EventSink events) {
        return new DisruptionGate(() -> GateState.NONE, clock, events);
    }

    /** Decides, and records a refusal or an override as an event before answering. */
    public Decision decide(Disruption d) {
        if (!d.cause().voluntary()) {
            return new Decision.Allowed();
        }
        Instant now = clock.now();
        GateState current = state.get();
        Optional<Freeze> freeze = current.calendar().frozen(d.service(), now);
        if (freeze.isEmpty()) {
            return new Decision.Allowed();
        }
        Freeze f = freeze.get();
        if (d.override().isPresent()) {
            return overridden(d, f, d.actor(), d.override().get());
        }
        Optional<TimedOverride> timed = current.activeOverride(now);
        if (timed.isPresent() && d.role().map(r -> r.includes(Role.OPERATOR)).orElse(false)) {
            TimedOverride t = timed.get();
            return overridden(d, f, t.openedBy(), t.reason() + " (timed override until " + t.until() + ")");
        }
        events.publish(new ServiceEvent.DisruptionRefused(now, d.service(), d.cause(), d.actor(), d.action(),
                names(f), f.until(), "frozen"));
        return new Decision.Refused(d, f);
    }

    /**
     * For healing a service's settings allow to hold in a freeze ({@code freeze: {unhealthy: hold}}): the freeze
     * covering the service now, if any. The caller records what it held.
     */
    public Optional<Freeze> frozen(String service) {
        return state.get().calendar().frozen(service, clock.now());
    }

    private Decision overridden(Disruption d, Freeze f, String by, String reason) {
        events.publish(new ServiceEvent.OverrideUsed(clock.now(), d.service(), d.cause(), d.actor(), d.action(),
                reason, names(f), f.until()));
        return new Decision.Overridden(f, by, reason);
    }

    private static List<String> names(Freeze f) {
        return f.windows().stream().map(OpenWindow::window).map(w -> w.name()).toList();
    }
}
