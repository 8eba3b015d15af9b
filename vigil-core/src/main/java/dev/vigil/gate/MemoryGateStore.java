package dev.vigil.gate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A {@link GateStore} in memory: nothing survives a restart (tests, and an API served without a database). */
public final class MemoryGateStore implements GateStore {

    private final List<AddedWindow> windows = new ArrayList<>();
    private final List<TimedOverride> overrides = new ArrayList<>();

    @Override
    public synchronized List<AddedWindow> windows() {
        return List.copyOf(windows);
    }

    @Override
    public synchronized AddedWindow add(AddedWindow window) {
        if (windows.stream().anyMatch(w -> w.name().equals(window.name()))) {
            throw new WindowNameTakenException(window.name());
        }
        windows.add(window);
        return window;
    }

    @Override
    public synchronized Optional<AddedWindow> end(String name, String by, Instant at) {
        Optional<AddedWindow> found = windows.stream().filter(w -> w.name().equals(name)).findFirst();
        found.ifPresent(windows::remove);
        return found;
    }

    @Override
    public synchronized TimedOverride add(TimedOverride override) {
        overrides.add(override);
        return override;
    }

    @Override
    public synchronized List<TimedOverride> overrides(Instant now) {
        return overrides.stream().filter(o -> o.until().isAfter(now))
                .sorted(Comparator.comparing(TimedOverride::until)).toList();
    }
}
