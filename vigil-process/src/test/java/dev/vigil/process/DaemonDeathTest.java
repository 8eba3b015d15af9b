package dev.vigil.process;

import dev.vigil.runtime.Adoption;
import dev.vigil.runtime.ExitStatus;
import dev.vigil.runtime.Instance;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.StopSpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The real thing: the JVM that started a service is killed with SIGKILL; the service lives on and is adopted. */
class DaemonDeathTest {

    private static final String SCRIPT = "i=0; while :; do echo \"tick $i\"; i=$((i+1)); sleep 0.02; done";

    @TempDir
    Path dir;

    private Process daemon;
    private long servicePid = -1;

    @AfterEach
    void cleanUp() throws Exception {
        if (daemon != null) {
            daemon.destroyForcibly().waitFor();
        }
        if (servicePid > 0) {
            new ProcessBuilder("kill", "-KILL", "--", "-" + servicePid).start().waitFor();
        }
    }

    @Test
    void aServiceOutlivesTheDaemonKeepsLoggingAndIsAdoptedByTheNextOne() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        daemon = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                DaemonStandIn.class.getName(), dir.resolve("logs").toString(), dir.resolve("run").toString(),
                dir.toString(), "ticker", SCRIPT).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String said = new BufferedReader(new InputStreamReader(daemon.getInputStream(), StandardCharsets.UTF_8))
                .readLine();
        assertThat(said).startsWith("started ");
        servicePid = Long.parseLong(said.substring("started ".length()));
        Path log = dir.resolve("logs/ticker/ticker.log");

        daemon.destroyForcibly(); // SIGKILL: no shutdown hook, no cleanup
        assertThat(daemon.waitFor(10, TimeUnit.SECONDS)).isTrue();
        int ticksAtDeath = lastTick(log);

        // Nothing of the service read from the dead JVM: it keeps writing, and is nobody's child we could wait for.
        await().atMost(Duration.ofSeconds(5)).until(() -> lastTick(log) > ticksAtDeath + 10);
        assertThat(ProcessTree.stat(servicePid).orElseThrow().ppid()).isNotEqualTo(daemon.pid());

        try (ProcessRuntime next = new ProcessRuntime(dir.resolve("logs"), dir.resolve("run"))) {
            Adoption adoption = next.adopt(ServiceSpec.of("ticker", List.of("sh", "-c", SCRIPT), dir));

            assertThat(adoption).isInstanceOf(Adoption.Found.class);
            Instance adopted = ((Adoption.Found) adoption).instance();
            assertThat(adopted.pid()).hasValue(servicePid);
            assertThat(((Adoption.Found) adoption).drift()).isEmpty();
            assertThat(adopted.lastLogLines(1)).singleElement().asString().startsWith("tick ");

            ExitStatus status = adopted.stop(StopSpec.DEFAULT).get(10, TimeUnit.SECONDS);

            assertThat(status).isEqualTo(ExitStatus.unknown());
            assertThat(ProcessTree.stat(servicePid).filter(p -> !p.ended())).isEmpty();
            assertThat(dir.resolve("run/ticker.json")).doesNotExist();
        }
    }

    private static int lastTick(Path log) throws Exception {
        return Files.readAllLines(log).stream().filter(l -> l.matches("tick \\d+"))
                .mapToInt(l -> Integer.parseInt(l.substring(5))).max().orElse(-1);
    }
}
