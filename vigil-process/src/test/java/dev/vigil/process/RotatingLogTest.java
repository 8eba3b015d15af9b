package dev.vigil.process;

import dev.vigil.stack.LogSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class RotatingLogTest {

    @TempDir
    Path dir;

    private static void write(RotatingLog log, String line) {
        byte[] bytes = line.getBytes(StandardCharsets.UTF_8);
        log.writeLine(bytes, 0, bytes.length);
    }

    @Test
    void shiftsRotatedFilesAndDropsTheOldest() throws Exception {
        Path file = dir.resolve("svc/svc.log");
        try (RotatingLog log = new RotatingLog(file, new LogSpec(10, 2))) {
            for (String line : List.of("aaaa", "bbbb", "cccc", "dddd", "eeee")) {
                write(log, line);
            }
        }

        assertThat(Files.readString(file)).isEqualTo("eeee\n");
        assertThat(Files.readString(dir.resolve("svc/svc.log.1"))).isEqualTo("cccc\ndddd\n");
        assertThat(Files.readString(dir.resolve("svc/svc.log.2"))).isEqualTo("aaaa\nbbbb\n");
        try (Stream<Path> files = Files.list(dir.resolve("svc"))) {
            assertThat(files).hasSize(3);
        }
    }

    @Test
    void keepingNothingStartsAFreshFile() throws Exception {
        Path file = dir.resolve("svc.log");
        try (RotatingLog log = new RotatingLog(file, new LogSpec(6, 0))) {
            write(log, "one");
            write(log, "two");
            write(log, "three");
        }

        assertThat(Files.readString(file)).isEqualTo("three\n");
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files).hasSize(1);
        }
    }

    @Test
    void appendsToAnExistingFileAndCountsItsSize() throws Exception {
        Path file = dir.resolve("svc.log");
        Files.writeString(file, "old\n");
        try (RotatingLog log = new RotatingLog(file, new LogSpec(8, 1))) {
            write(log, "new");
            write(log, "next");
        }

        assertThat(Files.readString(dir.resolve("svc.log.1"))).isEqualTo("old\nnew\n");
        assertThat(Files.readString(file)).isEqualTo("next\n");
    }

    @Test
    void linesFromConcurrentWritersStayWhole() throws Exception {
        Path file = dir.resolve("svc.log");
        String a = "a".repeat(100);
        String b = "b".repeat(100);
        try (RotatingLog log = new RotatingLog(file, LogSpec.DEFAULT)) {
            List<Thread> writers = new ArrayList<>();
            for (String line : List.of(a, b)) {
                writers.add(Thread.ofVirtual().start(() -> {
                    for (int i = 0; i < 2000; i++) {
                        write(log, line);
                    }
                }));
            }
            for (Thread writer : writers) {
                writer.join();
            }
        }

        List<String> lines = Files.readAllLines(file);
        assertThat(lines).hasSize(4000).allMatch(l -> l.equals(a) || l.equals(b));
    }

    @Test
    void dropsLinesAfterClose() throws Exception {
        Path file = dir.resolve("svc.log");
        RotatingLog log = new RotatingLog(file, LogSpec.DEFAULT);
        write(log, "kept");
        log.close();
        write(log, "dropped");

        assertThat(Files.readAllLines(file)).containsExactly("kept");
    }
}
