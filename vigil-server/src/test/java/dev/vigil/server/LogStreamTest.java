package dev.vigil.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Following a service's log: the tail first, then new lines, across copy-then-truncate rotation. */
class LogStreamTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void sendsTheTailThenFollowsAcrossTruncation(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir)) {
            Path log = dir.resolve("web.log");
            Files.writeString(log, "one\ntwo\nthree\n");
            try (SseReader sse = SseReader.open(d, "/api/v1/services/web/logs/stream?tail=2", d.viewer, Map.of())) {
                assertThat(sse.status).isEqualTo(200);
                assertThat(lines(sse.take(2, WAIT))).containsExactly("two", "three");
                append(log, "four\nhalf");
                assertThat(sse.next(WAIT).data()).isEqualTo("four");
                append(log, "-done\n");
                assertThat(sse.next(WAIT).data()).isEqualTo("half-done");
                // Rotation: the content is copied away and the file truncated; the service writes on from 0.
                try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
                    ch.truncate(0);
                }
                append(log, "fresh\n");
                assertThat(sse.next(WAIT).data()).isEqualTo("fresh");
                // Truncated and written past the old position between two polls: still read from the start.
                String longer = "rotated-".repeat(20) + "\n";
                try (FileChannel ch = FileChannel.open(log, StandardOpenOption.WRITE)) {
                    ch.truncate(0);
                }
                append(log, longer + "next\n");
                assertThat(lines(sse.take(2, WAIT))).containsExactly(longer.strip(), "next");
                assertThat(sse.drain()).isEmpty();
            }
        }
    }

    @Test
    void aFileThatDoesNotExistYetIsFollowedOnceItDoes(@TempDir Path dir) throws Exception {
        try (TestDaemon d = TestDaemon.start(dir)) {
            try (SseReader sse = SseReader.open(d, "/api/v1/services/worker/logs/stream", d.viewer, Map.of())) {
                assertThat(sse.status).isEqualTo(200);
                Files.writeString(dir.resolve("worker.log"), "hello\n");
                assertThat(sse.next(WAIT).data()).isEqualTo("hello");
            }
            assertThat(d.get("/api/v1/services/worker/logs/stream?tail=-1", d.viewer).error()).isEqualTo("invalid_request");
            assertThat(d.get("/api/v1/services/ghost/logs/stream", d.viewer).error()).isEqualTo("unknown_service");
        }
    }

    @Test
    void tailOfALargeFileReadsOnlyItsEnd(@TempDir Path dir) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 50_000; i++) {
            text.append("line ").append(i).append('\n');
        }
        Path file = dir.resolve("big.log");
        Files.writeString(file, text);
        LogTail tail = LogTail.read(file, 3);
        assertThat(tail.lines()).containsExactly("line 49997", "line 49998", "line 49999");
        assertThat(tail.partial()).isEmpty();
        assertThat(tail.end()).isEqualTo(Files.size(file));
        assertThat(LogTail.read(dir.resolve("missing.log"), 3).lines()).isEmpty();
        Files.writeString(file, "no newline at all");
        assertThat(LogTail.read(file, 3).partial()).isEqualTo("no newline at all");
        assertThat(LogTail.read(file, 3).end()).isZero();
    }

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardOpenOption.APPEND);
    }

    private static List<String> lines(List<SseReader.Frame> frames) {
        frames.forEach(f -> assertThat(f.event()).isEqualTo("log"));
        return frames.stream().map(SseReader.Frame::data).toList();
    }
}
