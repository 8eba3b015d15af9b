package dev.vigil.audit;

import dev.vigil.audit.AuditVerification.Intact;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static dev.vigil.audit.AuditRecords.aRecord;
import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link AuditLog} must do. Each store's test extends this and says how to open one. */
public abstract class AuditLogContract {

    @TempDir
    protected Path dir;

    private AuditLog log;

    /** Opens the audit log whose data lives in {@code dir}, creating it when missing. */
    protected abstract AuditLog openLog(Path dir);

    /** Releases what the log holds; by default closes it when it is {@link AutoCloseable}. */
    protected void close(AuditLog log) throws Exception {
        if (log instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    protected final AuditLog log() {
        if (log == null) {
            log = openLog(dir);
        }
        return log;
    }

    /** Closes the log and opens the same data again, as after a restart of Vigil. */
    protected final AuditLog reopen() throws Exception {
        close(log());
        log = openLog(dir);
        return log;
    }

    @AfterEach
    void closeLog() throws Exception {
        if (log != null) {
            close(log);
        }
    }

    protected final List<AuditEntry> appendRecords(int count) {
        List<AuditEntry> appended = new ArrayList<>();
        for (int n = 1; n <= count; n++) {
            appended.add(log().append(aRecord(n)));
        }
        return appended;
    }

    @Test
    void appendChainsEachEntryToThePreviousOne() {
        List<AuditEntry> entries = appendRecords(3);

        assertThat(entries).extracting(AuditEntry::seq).containsExactly(1L, 2L, 3L);
        assertThat(entries.get(0)).isEqualTo(AuditChain.entry(1, aRecord(1), AuditChain.GENESIS));
        assertThat(entries.get(1)).isEqualTo(AuditChain.entry(2, aRecord(2), entries.get(0).hash()));
        assertThat(entries.get(2)).isEqualTo(AuditChain.entry(3, aRecord(3), entries.get(1).hash()));
    }

    @Test
    void listReturnsEntriesAfterASeqOldestFirst() {
        List<AuditEntry> entries = appendRecords(10);

        assertThat(log().list(0, 100)).containsExactlyElementsOf(entries);
        assertThat(log().list(0, 3)).containsExactlyElementsOf(entries.subList(0, 3));
        assertThat(log().list(3, 4)).containsExactlyElementsOf(entries.subList(3, 7));
        assertThat(log().list(10, 5)).isEmpty();
    }

    @Test
    void everyFieldComesBackExactly() {
        AuditRecord odd = new AuditRecord(Instant.parse("2026-03-01T09:00:00.000000001Z"), "zoë", "token.create",
                "ci/deploy \"eu\"", "", "error: name taken; 🙂");

        AuditEntry appended = log().append(odd);

        assertThat(log().list(0, 1)).singleElement().isEqualTo(appended);
        assertThat(appended.record()).isEqualTo(odd);
    }

    @Test
    void anEmptyLogAndAWholeOneVerify() {
        assertThat(log().verify()).isEqualTo(new Intact(0));
        appendRecords(25);
        assertThat(log().verify()).isEqualTo(new Intact(25));
    }

    @Test
    void theChainContinuesAcrossARestart() throws Exception {
        List<AuditEntry> before = appendRecords(3);

        AuditLog again = reopen();
        AuditEntry next = again.append(aRecord(4));

        assertThat(next.seq()).isEqualTo(4);
        assertThat(next.previousHash()).isEqualTo(before.get(2).hash());
        assertThat(again.list(0, 10)).hasSize(4).startsWith(before.toArray(AuditEntry[]::new));
        assertThat(again.verify()).isEqualTo(new Intact(4));
    }

    @Test
    void concurrentAppendsNeverForkTheChain() throws Exception {
        int threads = 16;
        int each = 25;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<List<AuditEntry>>> results = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                results.add(pool.submit(() -> {
                    go.await();
                    List<AuditEntry> mine = new ArrayList<>();
                    for (int n = 0; n < each; n++) {
                        mine.add(log().append(aRecord(thread * each + n)));
                    }
                    return mine;
                }));
            }
            log();
            go.countDown();
            List<AuditEntry> all = new ArrayList<>();
            for (Future<List<AuditEntry>> result : results) {
                all.addAll(result.get(30, TimeUnit.SECONDS));
            }

            assertThat(all).extracting(AuditEntry::seq).doesNotHaveDuplicates().hasSize(threads * each);
            assertThat(all).extracting(AuditEntry::previousHash).doesNotHaveDuplicates();
            assertThat(log().list(0, threads * each + 1)).containsExactlyInAnyOrderElementsOf(all);
            assertThat(log().verify()).isEqualTo(new Intact(threads * each));
        } finally {
            pool.shutdownNow();
        }
    }
}
