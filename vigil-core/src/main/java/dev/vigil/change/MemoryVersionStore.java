package dev.vigil.change;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A {@link VersionStore} in memory: nothing survives a restart (tests, and an API served without a database). */
public final class MemoryVersionStore implements VersionStore {

    private final List<ConfigVersion> versions = new ArrayList<>();

    @Override
    public synchronized ConfigVersion append(NewVersion version) {
        ConfigVersion stored = version.numbered(versions.size() + 1);
        versions.add(stored);
        return stored;
    }

    @Override
    public synchronized Optional<ConfigVersion> get(long number) {
        return number < 1 || number > versions.size() ? Optional.empty() : Optional.of(versions.get((int) number - 1));
    }

    @Override
    public synchronized List<ConfigVersion> list(int limit) {
        return versions.reversed().stream().limit(Math.max(0, limit)).toList();
    }

    @Override
    public synchronized void markResult(long number, VersionResult result, String detail) {
        ConfigVersion version = get(number).orElseThrow(() -> new UnknownVersionException(number));
        versions.set((int) number - 1, version.withResult(result, detail));
    }
}
