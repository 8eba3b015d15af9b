package dev.vigil.audit;

import java.util.List;

/** The append-only, hash-chained record of every mutating request. */
public interface AuditLog {

    /** Appends a record, chained to the last entry, durably. */
    AuditEntry append(AuditRecord record);

    /** Entries after {@code afterSeq}, oldest first, at most {@code limit}. */
    List<AuditEntry> list(long afterSeq, int limit);

    /** Recomputes the whole chain and reports the first broken entry, if any. */
    AuditVerification verify();
}
