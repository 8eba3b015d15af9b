package dev.vigil.audit;

import dev.vigil.audit.AuditVerification.Broken;
import dev.vigil.audit.AuditVerification.Intact;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static dev.vigil.audit.AuditRecords.aChain;
import static org.assertj.core.api.Assertions.assertThat;

/** Whatever is changed in a chain, verification finds it, and at the entry that was changed. */
class AuditChainPropertiesTest {

    /** The fields of a stored entry someone could edit. */
    enum Field { SEQ, AT, ACTOR, ACTION, TARGET, REASON, RESULT, PREVIOUS_HASH, HASH }

    @Property
    void aChainBuiltByTheRulesIsIntact(@ForAll("records") List<AuditRecord> records) {
        List<AuditEntry> chain = new ArrayList<>();
        String previous = AuditChain.GENESIS;
        for (AuditRecord record : records) {
            AuditEntry entry = AuditChain.entry(chain.size() + 1, record, previous);
            chain.add(entry);
            previous = entry.hash();
        }

        assertThat(AuditChain.verify(chain)).isEqualTo(new Intact(records.size()));
    }

    @Property
    void anySingleFieldChangeBreaksVerificationExactlyAtThatEntry(
            @ForAll @IntRange(min = 1, max = 30) int size, @ForAll @IntRange(min = 0, max = 29) int at,
            @ForAll Field field, @ForAll("edits") String edit) {
        int index = at % size;
        List<AuditEntry> chain = new ArrayList<>(aChain(size));
        chain.set(index, changed(chain.get(index), field, edit));

        AuditVerification result = AuditChain.verify(chain);

        assertThat(result).isInstanceOfSatisfying(Broken.class, broken -> {
            assertThat(broken.seq()).isEqualTo(index + 1);
            assertThat(broken.entriesChecked()).isEqualTo(index);
        });
    }

    @Property
    void deletingAnyEntryButTheLastIsDetected(@ForAll @IntRange(min = 2, max = 30) int size,
                                              @ForAll @IntRange(min = 0, max = 28) int at) {
        int index = at % (size - 1);
        List<AuditEntry> chain = new ArrayList<>(aChain(size));
        chain.remove(index);

        assertThat(AuditChain.verify(chain)).isEqualTo(new Broken(index + 1, "seq " + (index + 1) + " missing", index));
    }

    @Property
    void deletingTheLastEntryLeavesAShorterIntactChain(@ForAll @IntRange(min = 1, max = 30) int size) {
        List<AuditEntry> chain = new ArrayList<>(aChain(size));
        chain.remove(size - 1);

        // The chain alone cannot tell a cut tail from a shorter history: the count is there to compare with
        // what was seen before (the last seq an operator noted, or a copy kept elsewhere).
        assertThat(AuditChain.verify(chain)).isEqualTo(new Intact(size - 1));
    }

    @Property
    void swappingAnyTwoEntriesIsDetectedAtTheFirstOfThem(@ForAll @IntRange(min = 2, max = 30) int size,
                                                        @ForAll @IntRange(min = 0, max = 29) int a,
                                                        @ForAll @IntRange(min = 0, max = 29) int b) {
        int i = a % (size - 1);
        int j = i + 1 + b % (size - 1 - i);
        List<AuditEntry> chain = new ArrayList<>(aChain(size));
        Collections.swap(chain, i, j);

        assertThat(AuditChain.verify(chain)).isInstanceOfSatisfying(Broken.class,
                broken -> assertThat(broken.seq()).isEqualTo(i + 1));
    }

    @Provide
    Arbitrary<List<AuditRecord>> records() {
        Arbitrary<String> text = Arbitraries.strings().ofMaxLength(20);
        Arbitrary<AuditRecord> record = net.jqwik.api.Combinators.combine(
                Arbitraries.longs().between(0, 4_000_000_000L), Arbitraries.integers().between(0, 999_999_999),
                text, text, text, text).as((s, n, actor, action, target, reason) ->
                new AuditRecord(java.time.Instant.ofEpochSecond(s, n), actor, action, target, reason, "ok"));
        return record.list().ofMaxSize(20);
    }

    @Provide
    Arbitrary<String> edits() {
        return Arbitraries.strings().ofMinLength(1).ofMaxLength(10);
    }

    /** The entry with one field different; {@code edit} (never empty) is appended so the value surely changes. */
    private static AuditEntry changed(AuditEntry e, Field field, String edit) {
        AuditRecord r = e.record();
        return switch (field) {
            case SEQ -> new AuditEntry(e.seq() + edit.length() * (edit.charAt(0) % 2 == 0 ? 1L : -1L), r,
                    e.previousHash(), e.hash());
            case AT -> new AuditEntry(e.seq(), new AuditRecord(r.at().plusNanos(edit.length()), r.actor(), r.action(),
                    r.target(), r.reason(), r.result()), e.previousHash(), e.hash());
            case ACTOR -> withRecord(e, new AuditRecord(r.at(), r.actor() + edit, r.action(), r.target(), r.reason(), r.result()));
            case ACTION -> withRecord(e, new AuditRecord(r.at(), r.actor(), r.action() + edit, r.target(), r.reason(), r.result()));
            case TARGET -> withRecord(e, new AuditRecord(r.at(), r.actor(), r.action(), r.target() + edit, r.reason(), r.result()));
            case REASON -> withRecord(e, new AuditRecord(r.at(), r.actor(), r.action(), r.target(), r.reason() + edit, r.result()));
            case RESULT -> withRecord(e, new AuditRecord(r.at(), r.actor(), r.action(), r.target(), r.reason(), r.result() + edit));
            case PREVIOUS_HASH -> new AuditEntry(e.seq(), r, flip(e.previousHash(), edit.length()), e.hash());
            case HASH -> new AuditEntry(e.seq(), r, e.previousHash(), flip(e.hash(), edit.length()));
        };
    }

    private static AuditEntry withRecord(AuditEntry e, AuditRecord record) {
        return new AuditEntry(e.seq(), record, e.previousHash(), e.hash());
    }

    /** The hash with one hex digit changed. */
    private static String flip(String hash, int position) {
        int i = position % hash.length();
        char c = hash.charAt(i) == '0' ? '1' : '0';
        return hash.substring(0, i) + c + hash.substring(i + 1);
    }
}
