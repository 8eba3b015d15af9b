package dev.vigil.audit;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Test builders for audit records and chains. */
public final class AuditRecords {

    public static final Instant T0 = Instant.parse("2026-03-01T09:00:00.123456789Z");

    private AuditRecords() {
    }

    /** The n-th of a run of plausible records, one second apart. */
    public static AuditRecord aRecord(int n) {
        return new AuditRecord(T0.plusSeconds(n), n % 2 == 0 ? "alice" : "ci", "service.restart", "api-" + n,
                n % 3 == 0 ? "" : "deploy #" + n, "ok");
    }

    /** A valid chain of {@code size} entries, seq 1 to size. */
    public static List<AuditEntry> aChain(int size) {
        List<AuditEntry> chain = new ArrayList<>();
        String previous = AuditChain.GENESIS;
        for (int seq = 1; seq <= size; seq++) {
            AuditEntry entry = AuditChain.entry(seq, aRecord(seq), previous);
            chain.add(entry);
            previous = entry.hash();
        }
        return chain;
    }
}
