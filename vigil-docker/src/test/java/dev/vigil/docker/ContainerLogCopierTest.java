package dev.vigil.docker;

import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.StreamType;
import dev.vigil.stack.LogSpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A container's output into its service log, rotated by the service's limits; frames as the engine sends them. */
class ContainerLogCopierTest {

    @TempDir
    Path dir;

    private static Frame line(String text) {
        return new Frame(StreamType.STDOUT, (text + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void pastMaxSizeTheFileIsRotatedAndOnlyKeepFilesAreKept() throws Exception {
        Path file = dir.resolve("web/web.log");
        try (ContainerLogCopier copier = new ContainerLogCopier(file, new LogSpec(20, 2))) {
            for (int i = 1; i <= 10; i++) {
                copier.onNext(line("line " + i + " ...")); // 13 bytes each: a rotation every second line
            }
        }

        assertThat(Files.readString(file)).isEmpty();
        assertThat(Files.readString(dir.resolve("web/web.log.1"))).isEqualTo("line 9 ...\nline 10 ...\n");
        assertThat(Files.readString(dir.resolve("web/web.log.2"))).isEqualTo("line 7 ...\nline 8 ...\n");
        assertThat(dir.resolve("web/web.log.3")).doesNotExist();
    }

    @Test
    void appendsToWhatIsThereAndCountsItTowardTheLimit() throws Exception {
        Path file = dir.resolve("web.log");
        Files.writeString(file, "from an earlier run\n");
        try (ContainerLogCopier copier = new ContainerLogCopier(file, new LogSpec(22, 1))) {
            copier.onNext(line("new"));
            copier.onNext(line("newer"));
        }

        assertThat(Files.readString(dir.resolve("web.log.1"))).isEqualTo("from an earlier run\nnew\n");
        assertThat(Files.readString(file)).isEqualTo("newer\n");
    }

    @Test
    void withKeepZeroTheFileStartsAgainEmpty() throws Exception {
        Path file = dir.resolve("web.log");
        try (ContainerLogCopier copier = new ContainerLogCopier(file, new LogSpec(5, 0))) {
            copier.onNext(line("0123456789"));
            copier.onNext(line("ok"));
        }

        assertThat(Files.readString(file)).isEqualTo("ok\n");
        assertThat(dir.resolve("web.log.1")).doesNotExist();
    }

    @Test
    void framesAfterCloseAreDropped() throws Exception {
        Path file = dir.resolve("web.log");
        ContainerLogCopier copier = new ContainerLogCopier(file, LogSpec.DEFAULT);
        copier.onNext(line("kept"));
        copier.close();

        copier.onNext(line("late"));

        assertThat(Files.readString(file)).isEqualTo("kept\n");
    }
}
