package dev.vigil.audit;

/**
 * A stored audit record in the hash chain.
 *
 * @param seq its position, from 1
 * @param previousHash the hash of entry {@code seq - 1} (all zeros for the first)
 * @param hash the hash over this entry's fields and {@code previousHash}
 */
public record AuditEntry(long seq, AuditRecord record, String previousHash, String hash) {
}
