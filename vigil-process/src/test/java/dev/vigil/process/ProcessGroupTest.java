package dev.vigil.process;

import dev.vigil.stack.Signal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ProcessGroupTest {

    private Process sleeper;

    @AfterEach
    void killSleeper() {
        if (sleeper != null) {
            sleeper.destroyForcibly();
        }
    }

    @Test
    void theShellBuiltinKillWorksWhenThereIsNoKillBinary() throws Exception {
        sleeper = new ProcessBuilder("sleep", "1000").start();
        ProcessGroup.Kill builtin = new ProcessGroup.Kill(List.of("/bin/sh", "-c", "kill \"$@\"", "kill"));

        builtin.send(Signal.TERM, List.of(Long.toString(sleeper.pid())));

        await().atMost(Duration.ofSeconds(5)).until(() -> !sleeper.isAlive());
        assertThat(sleeper.exitValue()).isEqualTo(128 + Signal.TERM.number());
    }

    @Test
    void killIgnoresProcessesThatAreGone() {
        ProcessGroup.Kill.find().send(Signal.TERM, List.of("-999999", "999999"));
    }
}
