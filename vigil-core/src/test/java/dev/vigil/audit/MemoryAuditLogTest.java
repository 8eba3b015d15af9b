package dev.vigil.audit;

import dev.vigil.audit.AuditVerification.Broken;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class MemoryAuditLogTest extends AuditLogContract {

    // The "data in dir": the same object, so a reopened log sees what the closed one held.
    private final MemoryAuditLog data = new MemoryAuditLog();

    @Override
    protected AuditLog openLog(Path dir) {
        return data;
    }

    @Test
    void tamperingThroughTheTestHookIsFound() {
        appendRecords(5);
        AuditEntry third = data.entries().get(2);

        data.tamper(3, new AuditEntry(3, AuditRecords.aRecord(30), third.previousHash(), third.hash()));

        assertThat(log().verify()).isEqualTo(new Broken(3, "hash does not match its contents", 2));
    }
}
