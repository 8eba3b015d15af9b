package dev.vigil.gate;

import dev.vigil.window.Calendar;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** What the gate decides by: every window (from the file and added at run time) and the timed overrides. */
public record GateState(Calendar calendar, List<TimedOverride> overrides) {

    public static final GateState NONE = new GateState(Calendar.empty(), List.of());

    public GateState {
        overrides = List.copyOf(overrides);
    }

    /** The override active at {@code at} that lasts longest, if any. */
    public Optional<TimedOverride> activeOverride(Instant at) {
        return overrides.stream().filter(o -> o.activeAt(at)).max(Comparator.comparing(TimedOverride::until));
    }
}
