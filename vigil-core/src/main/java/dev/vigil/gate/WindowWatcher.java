package dev.vigil.gate;

import dev.vigil.event.EventSink;
import dev.vigil.event.StackEvent;
import dev.vigil.time.Scheduler;
import dev.vigil.window.Calendar;
import dev.vigil.window.Transition;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

/**
 * Records every window's opening and closing as it happens ({@code WindowOpened}, {@code WindowClosed}): one timer
 * for the next edge of any window, set again after each edge and whenever the calendar changes.
 */
public final class WindowWatcher {

    /** How many edges are looked up ahead at once; edges at the same instant are recorded together. */
    private static final int LOOKAHEAD = 16;

    private final String stack;
    private final Supplier<Calendar> calendar;
    private final Scheduler clock;
    private final EventSink events;
    private final java.util.List<Runnable> edgeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Scheduler.Cancellable timer = () -> { };
    private Instant checkedUntil;
    private boolean stopped;

    public WindowWatcher(String stack, Supplier<Calendar> calendar, Scheduler clock, EventSink events) {
        this.stack = stack;
        this.calendar = calendar;
        this.clock = clock;
        this.events = events;
    }

    /** Starts watching from now: windows already open are not reported again, only their edges from now on. */
    public synchronized void start() {
        checkedUntil = clock.now();
        plan();
    }

    /** The calendar changed: edges from now on are looked up again. */
    public synchronized void calendarChanged() {
        if (checkedUntil != null && !stopped) {
            timer.cancel();
            fire();
        }
    }

    /** Called after each window edge has been recorded (on the timer's thread: hand slow work off). */
    public void onEdge(Runnable listener) {
        edgeListeners.add(listener);
    }

    public synchronized void stop() {
        stopped = true;
        timer.cancel();
    }

    private synchronized void fire() {
        if (stopped) {
            return;
        }
        Instant now = clock.now();
        boolean edges = false;
        // Edges in (checkedUntil, now]: everything that happened since the last look, in time order.
        for (Transition t : calendar.get().upcoming(checkedUntil, LOOKAHEAD)) {
            if (t.at().isAfter(now)) {
                break;
            }
            if (t.at().isAfter(checkedUntil)) {
                record(t);
                edges = true;
            }
        }
        checkedUntil = now;
        plan();
        if (edges) {
            edgeListeners.forEach(Runnable::run);
        }
    }

    private void record(Transition t) {
        if (t.opens()) {
            Instant closes = t.window().openAt(t.at()).map(i -> i.end()).orElse(t.at());
            events.publish(new StackEvent.WindowOpened(t.at(), stack, t.window().name(),
                    t.window().kind().yamlName(), t.window().describe(), closes));
        } else {
            events.publish(new StackEvent.WindowClosed(t.at(), stack, t.window().name(),
                    t.window().kind().yamlName()));
        }
    }

    private void plan() {
        List<Transition> next = calendar.get().upcoming(checkedUntil, LOOKAHEAD).stream()
                .filter(t -> t.at().isAfter(checkedUntil)).limit(1).toList();
        if (next.isEmpty()) {
            return;
        }
        Duration wait = Duration.between(clock.now(), next.getFirst().at());
        timer = clock.schedule(wait.isNegative() ? Duration.ZERO : wait, this::fire);
    }
}
