package dev.vigil.gate;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What the gate keeps beyond the stack file: windows added at run time and timed overrides. Both survive a
 * restart of Vigil. Each store's test extends {@code GateStoreContract}.
 */
public interface GateStore {

    /** The added windows not yet ended, oldest first. */
    List<AddedWindow> windows();

    /** @throws WindowNameTakenException when a window of this name is still in place */
    AddedWindow add(AddedWindow window);

    /** Ends the window of this name (it stays in the history); empty when there is none in place. */
    Optional<AddedWindow> end(String name, String by, Instant at);

    TimedOverride add(TimedOverride override);

    /** Every timed override whose end is after {@code now}, soonest first. */
    List<TimedOverride> overrides(Instant now);
}
