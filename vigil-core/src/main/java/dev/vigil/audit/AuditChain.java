package dev.vigil.audit;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Objects;

/**
 * The hash chain behind the audit trail: each entry's hash covers its fields and the previous entry's hash, so
 * changing, removing or reordering any entry breaks every link from there on. Pure: stores call it.
 */
public final class AuditChain {

    /** The previous hash of entry 1. */
    public static final String GENESIS = "0".repeat(64);

    private static final HexFormat HEX = HexFormat.of();

    private AuditChain() {
    }

    /** The entry that follows one whose hash is {@code previousHash}, at position {@code seq}. */
    public static AuditEntry entry(long seq, AuditRecord record, String previousHash) {
        return new AuditEntry(seq, record, previousHash, hash(previousHash, seq, record));
    }

    /** SHA-256, in lower-case hex, of the previous hash followed by {@link #canonical} of the entry. */
    public static String hash(String previousHash, long seq, AuditRecord record) {
        MessageDigest sha256 = sha256();
        sha256.update(field(previousHash));
        sha256.update(canonical(seq, record));
        return HEX.formatHex(sha256.digest());
    }

    /**
     * The bytes an entry is hashed over: seq, at (ISO-8601, UTC), actor, action, target, reason and result, each
     * as UTF-8 preceded by its length in 4 bytes, so text cannot move from one field into the next unnoticed.
     */
    public static byte[] canonical(long seq, AuditRecord record) {
        Objects.requireNonNull(record, "record");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(field(Long.toString(seq)));
        out.writeBytes(field(DateTimeFormatter.ISO_INSTANT.format(Objects.requireNonNull(record.at(), "at"))));
        out.writeBytes(field(Objects.requireNonNull(record.actor(), "actor")));
        out.writeBytes(field(Objects.requireNonNull(record.action(), "action")));
        out.writeBytes(field(Objects.requireNonNull(record.target(), "target")));
        out.writeBytes(field(Objects.requireNonNull(record.reason(), "reason")));
        out.writeBytes(field(Objects.requireNonNull(record.result(), "result")));
        return out.toByteArray();
    }

    /** Checks entries given oldest first; the first problem found is the answer. */
    public static AuditVerification verify(Iterable<AuditEntry> entries) {
        Verifier verifier = new Verifier();
        for (AuditEntry entry : entries) {
            if (!verifier.accept(entry)) {
                break;
            }
        }
        return verifier.result();
    }

    /** Checks a chain one entry at a time, for stores that stream entries rather than hold them all. */
    public static final class Verifier {

        private long checked;
        private String previousHash = GENESIS;
        private AuditVerification.Broken broken;

        /** Checks the next entry; false once the chain is broken (further entries are ignored). */
        public boolean accept(AuditEntry entry) {
            if (broken != null) {
                return false;
            }
            long expected = checked + 1;
            if (entry.seq() != expected) {
                return fail(expected, entry.seq() > expected
                        ? "seq " + expected + " missing"
                        : "seq " + entry.seq() + " out of order, where seq " + expected + " belongs");
            }
            if (!entry.previousHash().equals(previousHash)) {
                return fail(expected, expected == 1
                        ? "previous_hash of the first entry is not the genesis hash"
                        : "previous_hash does not match entry " + (expected - 1));
            }
            if (!entry.hash().equals(hash(entry.previousHash(), entry.seq(), entry.record()))) {
                return fail(expected, "hash does not match its contents");
            }
            checked = expected;
            previousHash = entry.hash();
            return true;
        }

        /** Records that the entry at {@code seq} could not even be read (a store's row damaged past decoding). */
        public boolean unreadable(long seq, String why) {
            return broken == null && fail(seq, why);
        }

        public AuditVerification result() {
            return broken != null ? broken : new AuditVerification.Intact(checked);
        }

        private boolean fail(long seq, String reason) {
            broken = new AuditVerification.Broken(seq, reason, checked);
            return false;
        }
    }

    private static byte[] field(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(Integer.BYTES + bytes.length).putInt(bytes.length).put(bytes).array();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
