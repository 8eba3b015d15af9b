package dev.vigil.process;

import dev.vigil.stack.Signal;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

class ProcessGroupTest {

    private static final ProcessGroup.Kill BUILTIN =
            new ProcessGroup.Kill(List.of("/bin/sh", "-c", "kill \"$@\"", "kill"));

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

        BUILTIN.send(Signal.TERM, List.of(Long.toString(sleeper.pid())));

        await().atMost(Duration.ofSeconds(5)).until(() -> !sleeper.isAlive());
        assertThat(sleeper.exitValue()).isEqualTo(128 + Signal.TERM.number());
    }

    static Stream<ProcessGroup.Kill> kills() {
        return Stream.of(ProcessGroup.Kill.find(), BUILTIN);
    }

    @ParameterizedTest
    @MethodSource("kills")
    void killIgnoresProcessesThatAreGone(ProcessGroup.Kill kill) throws Exception {
        Process gone = new ProcessBuilder("true").start();
        // Reaped once waitFor returns: neither its pid nor a group of that number exists any more.
        assertThat(gone.waitFor(5, TimeUnit.SECONDS)).isTrue();
        sleeper = new ProcessBuilder("sleep", "1000").start();

        // The gone ones first: a failed id must not keep the signal from the ids after it.
        assertThatCode(() -> kill.send(Signal.TERM,
                List.of("-" + gone.pid(), Long.toString(gone.pid()), Long.toString(sleeper.pid()))))
                .doesNotThrowAnyException();

        await("the live process, signalled after the gone ones").atMost(Duration.ofSeconds(5))
                .until(() -> !sleeper.isAlive());
        assertThat(sleeper.exitValue()).isEqualTo(128 + Signal.TERM.number());
    }
}
