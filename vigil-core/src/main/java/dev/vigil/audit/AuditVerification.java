package dev.vigil.audit;

/** The outcome of recomputing the audit hash chain. */
public sealed interface AuditVerification {

    /** Every entry's hash matches its fields and its predecessor. */
    record Intact(long entries) implements AuditVerification {
    }

    /** The first entry whose stored hash or link does not match: it, or something before it, was changed. */
    record Broken(long seq, String reason, long entriesChecked) implements AuditVerification {
    }
}
