package dev.vigil.gate;

import java.nio.file.Path;

class MemoryGateStoreTest extends GateStoreContract {

    private final MemoryGateStore memory = new MemoryGateStore();

    @Override
    protected GateStore openStore(Path dir) {
        return memory; // "reopening" keeps the same data, as a restart keeps a database
    }
}
