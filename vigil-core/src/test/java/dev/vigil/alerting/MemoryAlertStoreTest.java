package dev.vigil.alerting;

import java.nio.file.Path;

class MemoryAlertStoreTest extends AlertStoreContract {

    @Override
    protected AlertStore openStore(Path dir) {
        return new MemoryAlertStore();
    }

    @Override
    protected boolean durable() {
        return false;
    }
}
