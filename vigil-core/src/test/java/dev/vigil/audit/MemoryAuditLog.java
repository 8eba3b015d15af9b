package dev.vigil.audit;

import java.util.ArrayList;
import java.util.List;

/** An {@link AuditLog} in memory, for tests of code that needs one (the HTTP server's). */
public final class MemoryAuditLog implements AuditLog {

    private final List<AuditEntry> entries = new ArrayList<>();

    @Override
    public synchronized AuditEntry append(AuditRecord record) {
        String previous = entries.isEmpty() ? AuditChain.GENESIS : entries.getLast().hash();
        AuditEntry entry = AuditChain.entry(entries.size() + 1, record, previous);
        entries.add(entry);
        return entry;
    }

    @Override
    public synchronized List<AuditEntry> list(long afterSeq, int limit) {
        return entries.stream().filter(e -> e.seq() > afterSeq).limit(limit).toList();
    }

    @Override
    public synchronized AuditVerification verify() {
        return AuditChain.verify(List.copyOf(entries));
    }

    /** Test hook: replaces the stored entry at {@code seq}, as someone editing the store would. */
    public synchronized void tamper(long seq, AuditEntry replacement) {
        entries.set((int) seq - 1, replacement);
    }

    /** Everything, for assertions. */
    public synchronized List<AuditEntry> entries() {
        return new ArrayList<>(entries);
    }
}
