package dev.vigil.change;

import java.nio.file.Path;

class MemoryVersionStoreTest extends VersionStoreContract {

    // The "data in dir": the same object, so a reopened store sees what the closed one held.
    private final MemoryVersionStore data = new MemoryVersionStore();

    @Override
    protected VersionStore openStore(Path dir) {
        return data;
    }
}
