package dev.vigil.process;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What real processes use, read from /proc as the collectors read it. */
class ProcessUsageTest {

    private static final long MB = 1024 * 1024;
    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stop() {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
    }

    private Process start(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        started.add(p);
        return p;
    }

    private static List<Long> tree(Process p) {
        return Stream.concat(Stream.of(p.toHandle()), p.descendants()).map(ProcessHandle::pid).toList();
    }

    /** Touches 60 MB, so that at least 50 MB more than a bare interpreter is resident whatever its own baseline. */
    private static final String HOLD_50MB = "import time, sys; b = b'x' * (60 * 1024 * 1024); "
            + "sys.stdout.write('ready'); sys.stdout.flush(); time.sleep(300)";

    @Test
    void aProcessHoldingFiftyMegabytesShowsThem() throws Exception {
        Process small = start("python3", "-c", "import time; time.sleep(300)");
        Process big = start("python3", "-c", HOLD_50MB);

        await().atMost(Duration.ofSeconds(20)).until(() ->
                ProcessUsage.of(tree(big)).rssBytes() - ProcessUsage.of(tree(small)).rssBytes() >= 50 * MB);
        ProcessUsage usage = ProcessUsage.of(tree(big));
        assertThat(usage.processes()).isEqualTo(1);
        assertThat(usage.rssBytes()).isBetween(60 * MB, 90 * MB);
        assertThat(usage.threads()).isEqualTo(1);
    }

    @Test
    void aForkedTreeIsSummed() throws Exception {
        Process one = start("python3", "-c", HOLD_50MB);
        Process shell = start("sh", "-c", "python3 -c \"" + HOLD_50MB + "\" & python3 -c \"" + HOLD_50MB + "\" & wait");

        await().atMost(Duration.ofSeconds(20)).until(() -> ProcessUsage.of(tree(shell)).processes() == 3
                && ProcessUsage.of(tree(shell)).rssBytes() >= 100 * MB && ProcessUsage.of(tree(one)).rssBytes() >= 50 * MB);
        // Two interpreters like the single one, and the shell (a few MB); an interpreter's own pages vary by a few MB.
        // Measured again until all three have touched their 60 MB: one may still be allocating at the first look.
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            ProcessUsage sum = ProcessUsage.of(tree(shell));
            ProcessUsage single = ProcessUsage.of(tree(one));
            assertThat(sum.rssBytes()).isBetween(2 * single.rssBytes() - 8 * MB, 2 * single.rssBytes() + 16 * MB);
            assertThat(sum.threads()).isEqualTo(3);
        });
    }

    @Test
    void openFilesAndTheirLimitAreCounted(@TempDir Path dir) throws Exception {
        Process p = start("sh", "-c", "ulimit -n 512; exec python3 -c \"import time; fs = [open('" + dir
                + "/f%d' % i, 'w') for i in range(40)]; time.sleep(300)\"");

        await().atMost(Duration.ofSeconds(20)).until(() -> ProcessUsage.of(tree(p)).openFds() >= 43);
        ProcessUsage usage = ProcessUsage.of(tree(p));
        assertThat(usage.openFds()).as("stdin, stdout, stderr and the 40 files").isEqualTo(43);
        assertThat(usage.fdLimit()).hasValue(512);
    }

    @Test
    void cpuTimeAndBytesWrittenGrow(@TempDir Path dir) throws Exception {
        Process p = start("python3", "-c", "import os, time\n"
                + "end = time.time() + 1.5\nwhile time.time() < end: pass\n"
                + "f = open('" + dir + "/out', 'wb'); f.write(os.urandom(8 * 1024 * 1024)); f.flush(); os.fsync(f.fileno())\n"
                + "time.sleep(300)");

        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(dir.resolve("out"))
                && ProcessUsage.of(tree(p)).writtenBytes() >= 8 * MB);
        ProcessUsage usage = ProcessUsage.of(tree(p));
        assertThat(usage.cpuSeconds()).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void aProcessThatIsGoneCountsForNothing() {
        assertThat(ProcessUsage.of(List.of(Long.MAX_VALUE))).isEqualTo(ProcessUsage.NONE);
    }

    @Test
    void aCommandNameWithSpacesAndParenthesesIsRead(@TempDir Path proc) throws Exception {
        Path dir = Files.createDirectories(proc.resolve("4242"));
        Files.writeString(dir.resolve("stat"), "4242 (my (odd) name) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 "
                + "20 0 3 0 1234 100000 500 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 0 0 0 0 0 0\n");
        Files.writeString(dir.resolve("status"), "Name:\tmy (odd) name\nVmRSS:\t    2048 kB\nThreads:\t3\n");
        Files.writeString(dir.resolve("io"), "rchar: 1\nread_bytes: 4096\nwrite_bytes: 8192\n");
        Files.writeString(dir.resolve("limits"), "Limit                     Soft Limit           Hard Limit           Units\n"
                + "Max open files            1024                 4096                 files\n");
        Files.createDirectories(dir.resolve("fd"));
        Files.writeString(dir.resolve("fd/0"), "");

        ProcessUsage usage = ProcessUsage.ofPids(ProcessTree.scan(proc), List.of(4242L));

        assertThat(usage).isEqualTo(new ProcessUsage(1, 3.0, 2048 * 1024, 3, 1, java.util.OptionalLong.of(1024),
                4096, 8192));
    }

    @Test
    void aFieldIsReadOnlyAtTheStartOfALine() {
        String io = "rchar: 10\nwchar: 20\nxread_bytes: 7\nread_bytes: 4096\nwrite_bytes:\t8192\n";
        assertThat(ProcessUsage.field(io, "read_bytes:")).isEqualTo(4096);
        assertThat(ProcessUsage.field(io, "write_bytes:")).isEqualTo(8192);
        assertThat(ProcessUsage.field(io, "rchar:")).isEqualTo(10);
        assertThat(ProcessUsage.field("Name:\tkthreadd\nThreads:\t1\n", "VmRSS:")).as("a kernel thread").isZero();
    }
}
