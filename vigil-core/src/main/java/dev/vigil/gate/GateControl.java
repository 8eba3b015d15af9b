package dev.vigil.gate;

import dev.vigil.event.EventSink;
import dev.vigil.time.Scheduler;
import dev.vigil.window.Calendar;
import dev.vigil.window.Window;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The daemon's calendar: the stack file's windows plus those added at run time, and the timed overrides, kept in
 * the {@link GateStore} and held in memory as one {@link GateState} that the gate reads without locking. Changes
 * (add, end, override) write the store first, then swap the state and tell the listeners (the window watcher).
 */
public final class GateControl {

    /** The longest timed override: an override is for an emergency, not a way to switch freezes off. */
    public static final Duration MAX_OVERRIDE = Duration.ofHours(24);

    private volatile List<Window> fileWindows;
    private final GateStore store;
    private final Scheduler clock;
    private final List<Consumer<GateState>> listeners = new CopyOnWriteArrayList<>();
    private volatile GateState state;

    public GateControl(List<Window> fileWindows, GateStore store, Scheduler clock) {
        this.fileWindows = List.copyOf(fileWindows);
        this.store = store;
        this.clock = clock;
        this.state = read();
    }

    public GateState state() {
        return state;
    }

    public Calendar calendar() {
        return state.calendar();
    }

    /** The gate every voluntary disruption of this stack passes. */
    public DisruptionGate gate(EventSink events) {
        return new DisruptionGate(this::state, clock, events);
    }

    /** Told after every change, with the new state. */
    public void onChange(Consumer<GateState> listener) {
        listeners.add(listener);
    }

    /**
     * Adds a one-off window.
     *
     * @throws WindowNameTakenException when a window of that name is in place (in the file or added)
     * @throws IllegalArgumentException when it ends before it starts, or a local time does not exist
     */
    public synchronized Window add(AddedWindow window) {
        if (fileWindows.stream().anyMatch(w -> w.name().equals(window.name()))) {
            throw new WindowNameTakenException(window.name());
        }
        Window added = AddedWindows.toWindow(window);
        store.add(window);
        refresh();
        return added;
    }

    /** Ends an added window; a window of the stack file is changed by editing the file, not here. */
    public synchronized Optional<AddedWindow> end(String name, String by) {
        Optional<AddedWindow> ended = store.end(name, by, clock.now());
        ended.ifPresent(w -> refresh());
        return ended;
    }

    /** Whether the stack file declares a window of this name (it cannot be ended at run time). */
    public boolean inFile(String name) {
        return fileWindows.stream().anyMatch(w -> w.name().equals(name));
    }

    /** Opens a timed override for operators, from now for {@code length} (at most {@link #MAX_OVERRIDE}). */
    public synchronized TimedOverride override(String by, String reason, Duration length) {
        if (length.isNegative() || length.isZero() || length.compareTo(MAX_OVERRIDE) > 0) {
            throw new IllegalArgumentException("an override lasts more than 0s and at most 24h");
        }
        Instant now = clock.now();
        TimedOverride o = store.add(new TimedOverride(by, reason, now, now.plus(length)));
        refresh();
        return o;
    }

    /** The stack file changed (an apply): its windows from now on. */
    public synchronized void fileWindows(List<Window> windows) {
        fileWindows = List.copyOf(windows);
        refresh();
    }

    /** Reads the store again (another process may have changed it) and tells the listeners. */
    public synchronized void refresh() {
        state = read();
        listeners.forEach(l -> l.accept(state));
    }

    private GateState read() {
        List<Window> all = new ArrayList<>(fileWindows);
        store.windows().stream().map(AddedWindows::toWindow).forEach(all::add);
        return new GateState(new Calendar(all), store.overrides(clock.now()));
    }
}
