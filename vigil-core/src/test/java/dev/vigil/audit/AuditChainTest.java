package dev.vigil.audit;

import dev.vigil.audit.AuditVerification.Broken;
import dev.vigil.audit.AuditVerification.Intact;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static dev.vigil.audit.AuditRecords.aChain;
import static dev.vigil.audit.AuditRecords.aRecord;
import static org.assertj.core.api.Assertions.assertThat;

class AuditChainTest {

    private static final AuditRecord RECORD =
            new AuditRecord(Instant.parse("2026-03-01T09:00:00Z"), "alice", "service.restart", "api", "", "ok");

    @Test
    void theFirstEntryChainsToGenesisAndEachNextToItsPredecessor() {
        List<AuditEntry> chain = aChain(3);

        assertThat(AuditChain.GENESIS).hasSize(64).matches("0+");
        assertThat(chain.get(0).previousHash()).isEqualTo(AuditChain.GENESIS);
        assertThat(chain.get(1).previousHash()).isEqualTo(chain.get(0).hash());
        assertThat(chain.get(2).previousHash()).isEqualTo(chain.get(1).hash());
        assertThat(chain).extracting(AuditEntry::hash).allMatch(h -> h.matches("[0-9a-f]{64}")).doesNotHaveDuplicates();
    }

    @Test
    void theCanonicalFormLengthPrefixesEachField() {
        byte[] bytes = AuditChain.canonical(7, RECORD);

        // 7 fields, each 4 length bytes: "7", "2026-03-01T09:00:00Z", "alice", "service.restart", "api", "", "ok"
        assertThat(bytes).hasSize(7 * 4 + 1 + 20 + 5 + 15 + 3 + 0 + 2);
        assertThat(new String(bytes, 4, 1, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("7");
    }

    @Test
    void theHashIsStable() {
        // Computed apart from this code (sha256 over the length-prefixed fields). Pinned: a change here would
        // make every audit trail already stored fail verification.
        assertThat(AuditChain.hash(AuditChain.GENESIS, 1, RECORD)).isEqualTo("494899738590b30a3cd2915e80d2d1c467b0d75fa3e1ba7fd20c842ec018edca");
    }

    @Test
    void textMovedAcrossAFieldBoundaryChangesTheHash() {
        AuditRecord split = new AuditRecord(RECORD.at(), "ab", "c", "t", "", "ok");
        AuditRecord shifted = new AuditRecord(RECORD.at(), "a", "bc", "t", "", "ok");
        AuditRecord intoReason = new AuditRecord(RECORD.at(), "a", "b", "t", "x", "ok");
        AuditRecord intoResult = new AuditRecord(RECORD.at(), "a", "b", "t", "", "xok");

        assertThat(AuditChain.hash(AuditChain.GENESIS, 1, split))
                .isNotEqualTo(AuditChain.hash(AuditChain.GENESIS, 1, shifted));
        assertThat(AuditChain.hash(AuditChain.GENESIS, 1, intoReason))
                .isNotEqualTo(AuditChain.hash(AuditChain.GENESIS, 1, intoResult));
    }

    @Test
    void anEmptyChainAndAWholeOneAreIntact() {
        assertThat(AuditChain.verify(List.of())).isEqualTo(new Intact(0));
        assertThat(AuditChain.verify(aChain(50))).isEqualTo(new Intact(50));
    }

    @Test
    void aChangedFieldBreaksTheChainAtThatEntry() {
        List<AuditEntry> chain = new ArrayList<>(aChain(10));
        AuditEntry seventh = chain.get(6);
        AuditRecord r = seventh.record();
        chain.set(6, new AuditEntry(7, new AuditRecord(r.at(), r.actor(), r.action(), r.target(), "changed", r.result()),
                seventh.previousHash(), seventh.hash()));

        assertThat(AuditChain.verify(chain)).isEqualTo(new Broken(7, "hash does not match its contents", 6));
    }

    @Test
    void anEntryRehashedAfterAChangeBreaksTheLinkOfTheNext() {
        List<AuditEntry> chain = new ArrayList<>(aChain(10));
        chain.set(6, AuditChain.entry(7, aRecord(99), chain.get(6).previousHash()));

        assertThat(AuditChain.verify(chain)).isEqualTo(new Broken(8, "previous_hash does not match entry 7", 7));
    }

    @Test
    void aMissingEntryIsNamed() {
        List<AuditEntry> chain = new ArrayList<>(aChain(10));
        chain.remove(4);

        assertThat(AuditChain.verify(chain)).isEqualTo(new Broken(5, "seq 5 missing", 4));
    }

    @Test
    void entriesOutOfOrderAreNamed() {
        List<AuditEntry> chain = new ArrayList<>(aChain(5));
        chain.add(3, chain.get(1));

        assertThat(AuditChain.verify(chain))
                .isEqualTo(new Broken(4, "seq 2 out of order, where seq 4 belongs", 3));
    }

    @Test
    void theFirstEntryMustStartFromGenesis() {
        AuditEntry first = AuditChain.entry(1, RECORD, "f".repeat(64));

        assertThat(AuditChain.verify(List.of(first)))
                .isEqualTo(new Broken(1, "previous_hash of the first entry is not the genesis hash", 0));
    }

    @Test
    void theVerifierStopsAtTheFirstBreak() {
        AuditChain.Verifier verifier = new AuditChain.Verifier();
        List<AuditEntry> chain = aChain(3);

        assertThat(verifier.accept(chain.get(0))).isTrue();
        assertThat(verifier.unreadable(2, "at is not a time")).isFalse();
        assertThat(verifier.accept(chain.get(1))).isFalse();
        assertThat(verifier.result()).isEqualTo(new Broken(2, "at is not a time", 1));
    }
}
