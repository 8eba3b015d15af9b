package dev.vigil.process;

import dev.vigil.stack.LogSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class ServiceLogTest {

    @TempDir
    Path dir;

    private ServiceLog log(LogSpec limits) throws IOException {
        ServiceLog log = new ServiceLog(dir.resolve("svc/svc.log"), limits);
        log.create();
        return log;
    }

    private void append(ServiceLog log, String text) throws IOException {
        Files.writeString(log.file(), text, StandardOpenOption.APPEND);
    }

    @Test
    void rotationShiftsCopiesAndTruncatesKeepingOnlyTheNewest() throws Exception {
        ServiceLog log = log(new LogSpec(5, 2));
        for (String line : new String[] {"aaaa\nbb\n", "cccc\ndd\n", "eeee\nff\n"}) {
            append(log, line);
            log.rotateIfLarge();
        }
        append(log, "gg\n");
        log.rotateIfLarge(); // under the limit: nothing moves

        assertThat(Files.readString(log.file())).isEqualTo("gg\n");
        assertThat(Files.readString(dir.resolve("svc/svc.log.1"))).isEqualTo("eeee\nff\n");
        assertThat(Files.readString(dir.resolve("svc/svc.log.2"))).isEqualTo("cccc\ndd\n");
        try (Stream<Path> files = Files.list(dir.resolve("svc"))) {
            assertThat(files).hasSize(3);
        }
    }

    @Test
    void aQuietLogIsLookedAtLessOftenAndAGrowingOneAtEveryCheck() throws Exception {
        ServiceLog log = log(new LogSpec(10, 1));
        append(log, "aaaa\n");
        log.check(); // grew from nothing: looked at
        log.check(); // the same size: quiet from now on
        append(log, "bbbbbbbb\n");
        for (int i = 0; i < ServiceLog.QUIET_SKIPS; i++) {
            log.check();
            assertThat(Files.size(log.file())).as("skipped check %d", i).isEqualTo(14);
        }
        log.check(); // the next look sees it past the limit

        assertThat(Files.size(log.file())).isZero();
        assertThat(Files.readString(dir.resolve("svc/svc.log.1"))).isEqualTo("aaaa\nbbbbbbbb\n");
        append(log, "cccccccccccc\n");
        log.check(); // it grew at the last look: no skipping
        assertThat(Files.readString(dir.resolve("svc/svc.log.1"))).isEqualTo("cccccccccccc\n");
    }

    @Test
    void keepingNothingOnlyTruncates() throws Exception {
        ServiceLog log = log(new LogSpec(3, 0));
        append(log, "one\ntwo\n");

        log.rotateIfLarge();

        assertThat(Files.size(log.file())).isZero();
        try (Stream<Path> files = Files.list(dir.resolve("svc"))) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void aTailStartsWhereTheInstanceBegan() throws Exception {
        ServiceLog log = log(LogSpec.DEFAULT);
        append(log, "old 1\nold 2\n");
        long from = log.end();
        append(log, "new 1\r\nnew 2\nunfinished");

        assertThat(log.tail(from, 10)).containsExactly("new 1", "new 2", "unfinished");
        assertThat(log.tail(from, 1)).containsExactly("unfinished");
        assertThat(log.tail(ServiceLog.BEGINNING, 10)).hasSize(5);
        assertThat(log.tail(from, 0)).isEmpty();
    }

    @Test
    void aTailReachesIntoTheRotatedFileForTheRest() throws Exception {
        ServiceLog log = log(new LogSpec(10, 1));
        append(log, "before\n");
        long from = log.end();
        append(log, "mine 1\nmine 2\n");
        log.rotateIfLarge();
        append(log, "mine 3\n");

        assertThat(log.tail(from, 10)).containsExactly("mine 1", "mine 2", "mine 3");
        assertThat(log.tail(from, 2)).containsExactly("mine 2", "mine 3");
        assertThat(log.end() - from).isEqualTo(21);
    }

    @Test
    void aFileTruncatedBehindItsBackIsReadFromItsStart() throws Exception {
        ServiceLog log = log(LogSpec.DEFAULT);
        append(log, "a lot of output\n".repeat(10));
        long from = log.end();
        Files.writeString(log.file(), "fresh\n");

        assertThat(log.tail(from, 5)).containsExactly("fresh");
    }

    @Test
    void aTailReadsABoundedNumberOfBytes() throws Exception {
        ServiceLog log = log(LogSpec.DEFAULT);
        append(log, "first\n" + "x".repeat(1_000_000) + "\nlast\n");

        assertThat(log.tail(ServiceLog.BEGINNING, 3)).containsExactly("last");

        Files.writeString(log.file(), "y".repeat(1_000_000));
        assertThat(log.tail(ServiceLog.BEGINNING, 3)).singleElement()
                .satisfies(l -> assertThat(l).hasSize(ServiceLog.TAIL_BYTES));
    }
}
