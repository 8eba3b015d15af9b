package dev.vigil.store;

import dev.vigil.alerting.Ack;
import dev.vigil.alerting.AlertStore;
import dev.vigil.alerting.AlertStoreContract;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteAlertStoreTest extends AlertStoreContract {

    @Override
    protected AlertStore openStore(Path dir) {
        return SqliteAlertStore.open(dir.resolve("vigil.db"));
    }

    @Test
    void twoProcessesOnOneDatabaseSeeEachOthersAcknowledgements() {
        try (SqliteAlertStore other = SqliteAlertStore.open(dir.resolve("vigil.db"))) {
            other.save(new Ack("00aa", T0.plusSeconds(600), "cli", "on it", T0));
        }
        assertThat(store().acks(T0)).extracting(Ack::fingerprint).containsExactly("00aa");
    }
}
