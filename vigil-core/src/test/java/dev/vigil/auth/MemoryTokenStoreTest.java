package dev.vigil.auth;

import java.nio.file.Path;

class MemoryTokenStoreTest extends TokenStoreContract {

    // The "data in dir": the same object, so a reopened store sees what the closed one held.
    private final MemoryTokenStore data = new MemoryTokenStore();

    @Override
    protected TokenStore openStore(Path dir) {
        return data;
    }
}
