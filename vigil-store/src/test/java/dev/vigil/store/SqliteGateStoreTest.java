package dev.vigil.store;

import dev.vigil.gate.GateStore;
import dev.vigil.gate.GateStoreContract;
import dev.vigil.gate.TimedOverride;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteGateStoreTest extends GateStoreContract {

    @Override
    protected GateStore openStore(Path dir) {
        return SqliteGateStore.open(dir.resolve("vigil.db"));
    }

    @Test
    void twoProcessesOnOneDatabaseSeeEachOthersWindowsAndOverrides() {
        try (SqliteGateStore other = SqliteGateStore.open(dir.resolve("vigil.db"))) {
            other.add(holidays("holidays"));
            other.add(new TimedOverride("alice", "incident", T0, T0.plusSeconds(60)));
        }

        assertThat(store().windows()).containsExactly(holidays("holidays"));
        assertThat(store().overrides(T0)).hasSize(1);
    }
}
