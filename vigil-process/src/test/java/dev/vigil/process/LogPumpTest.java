package dev.vigil.process;

import dev.vigil.stack.LogSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LogPumpTest {

    @TempDir
    Path dir;

    private List<String> pump(InputStream in, LogTail tail) throws Exception {
        Path file = dir.resolve("svc.log");
        try (RotatingLog log = new RotatingLog(file, LogSpec.DEFAULT)) {
            new LogPump(in, log, tail).run();
        }
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    private static InputStream chunks(String... parts) {
        List<InputStream> streams = java.util.Arrays.stream(parts)
                .<InputStream>map(p -> new ByteArrayInputStream(p.getBytes(StandardCharsets.UTF_8)))
                .toList();
        return new SequenceInputStream(Collections.enumeration(streams));
    }

    @Test
    void joinsLinesSplitAcrossReadsAndEndsAnUnterminatedOne() throws Exception {
        LogTail tail = new LogTail();

        pump(chunks("hel", "lo\nwor", "ld\r\n", "\n", "last"), tail);

        assertThat(Files.readString(dir.resolve("svc.log"))).isEqualTo("hello\nworld\r\n\nlast\n");
        assertThat(tail.last(10)).containsExactly("hello", "world", "", "last");
    }

    @Test
    void cutsALineLongerThanTheLimitAndDropsItsRest() throws Exception {
        String longLine = "x".repeat(LogPump.MAX_LINE + 5000);
        LogTail tail = new LogTail();

        List<String> lines = pump(chunks("a\n", longLine.substring(0, 30000), longLine.substring(30000), "\nb\n"), tail);

        assertThat(lines).hasSize(3);
        assertThat(lines.get(0)).isEqualTo("a");
        assertThat(lines.get(1)).hasSize(LogPump.MAX_LINE);
        assertThat(lines.get(2)).isEqualTo("b");
    }

    @Test
    void keepsALineOfExactlyTheLimit() throws Exception {
        String line = "y".repeat(LogPump.MAX_LINE);

        List<String> lines = pump(chunks(line, "\nz\n"), new LogTail());

        assertThat(lines).containsExactly(line, "z");
    }

    @Test
    void theTailKeepsOnlyTheNewestLines() {
        LogTail tail = new LogTail(3, 1000);
        for (int i = 1; i <= 5; i++) {
            tail.add("line " + i);
        }

        assertThat(tail.last(10)).containsExactly("line 3", "line 4", "line 5");
        assertThat(tail.last(1)).containsExactly("line 5");
    }

    @Test
    void theTailStaysWithinItsCharacterBudget() {
        LogTail tail = new LogTail(100, 10);
        tail.add("aaaaaa");
        tail.add("bbbbbb");

        assertThat(tail.last(10)).containsExactly("bbbbbb");
    }
}
