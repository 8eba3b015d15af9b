package dev.vigil.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The vigil command as a user runs it: a separate JVM, real signals, exit codes, output. */
class CommandLineTest {

    @TempDir
    Path dir;

    private Process vigil(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        builder.environment().put("XDG_STATE_HOME", dir.resolve("xdg").toString());
        return builder.start();
    }

    private Result run(String... args) throws Exception {
        Process p = vigil(args);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("vigil %s finished", List.of(args)).isTrue();
        return new Result(p.exitValue(), Files.readString(dir.resolve("out.txt")), Files.readString(dir.resolve("err.txt")));
    }

    private record Result(int code, String out, String err) {
    }

    @Test
    void validateReportsEveryProblemAndExits2() throws Exception {
        Files.writeString(dir.resolve("vigil.yaml"), """
                services:
                  api:
                    comand: ["sleep", "1"]
                    depends_on: [dbb]
                  db:
                    command: ["sleep", "1"]
                    restart: { backoff: { initial: 5 } }
                """);

        Result r = run("validate");

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("vigil.yaml:3:5: services.api.comand: unknown key; did you mean `command`?");
        assertThat(r.err()).contains("services.api.depends_on[0]");
        assertThat(r.err()).contains("did you mean `db`?");
        assertThat(r.err()).contains("services.db.restart.backoff.initial");
        assertThat(r.err()).contains("problems in");
    }

    @Test
    void validateAcceptsAGoodFile() throws Exception {
        Files.writeString(dir.resolve("vigil.yaml"), "services:\n  api:\n    command: sleep 1\n");

        Result r = run("validate", "vigil.yaml");

        assertThat(r.code()).isZero();
        assertThat(r.out()).contains("ok, stack").contains("1 service");
    }

    @Test
    void badFlagsExit2() throws Exception {
        assertThat(run("events", "--since", "yesterday-ish").code()).isEqualTo(2);
        assertThat(run("up", "--for", "10").code()).isEqualTo(2);
        assertThat(run("events", "--type", "NoSuchEvent").err()).contains("known types:");
        assertThat(run("frobnicate").code()).isEqualTo(2);
    }

    @Test
    void aTakenApiPortIsAClearFailureAndStartsNothing() throws Exception {
        Files.writeString(dir.resolve("vigil.yaml"), """
                services:
                  db:
                    command: ["sh", "-c", "echo started > db.started; exec sleep 1000"]
                """);
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            Result r = run("up", "--plain", "--listen", "127.0.0.1:" + taken.getLocalPort());

            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("could not listen on 127.0.0.1:" + taken.getLocalPort())
                    .contains("give --listen HOST:PORT");
            assertThat(dir.resolve("db.started")).doesNotExist();
        }
        assertThat(run("up", "--listen", "0.0.0.0:7420").err()).contains("needs TLS");
    }

    @Test
    void sigtermStopsTheStackCleanlyExits0AndLeavesNoProcess() throws Exception {
        Files.writeString(dir.resolve("vigil.yaml"), """
                services:
                  db:
                    command: ["sh", "-c", "echo $$ > db.pid; exec sleep 1000"]
                  api:
                    command: ["sh", "-c", "echo $$ > api.pid; trap 'echo api got TERM; exit 0' TERM; while true; do sleep 0.1; done"]
                    depends_on: [db]
                """);
        Process p = vigil("up", "--plain", "--listen", "127.0.0.1:0");
        await().atMost(Duration.ofSeconds(20)).until(() ->
                Files.exists(dir.resolve("api.pid")) && Files.exists(dir.resolve("db.pid"))
                        && Files.readString(dir.resolve("out.txt")).contains("stack " + dir.getFileName() + " started"));
        long db = Long.parseLong(Files.readString(dir.resolve("db.pid")).trim());
        long api = Long.parseLong(Files.readString(dir.resolve("api.pid")).trim());

        p.destroy(); // SIGTERM

        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
        assertThat(SupervisionTest.alive(db)).isFalse();
        assertThat(SupervisionTest.alive(api)).isFalse();
        String out = Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
        assertThat(out.indexOf("api          InstanceExited")).isPositive()
                .isLessThan(out.indexOf("db           InstanceExited"));
        assertThat(Files.readString(dir.resolve(".vigil/logs/api/api.log"))).contains("api got TERM");

        Result events = run("events", "--service", "api", "--json");
        assertThat(events.code()).isZero();
        assertThat(events.out().lines()).isNotEmpty().allMatch(l -> l.startsWith("{\"id\":") && l.contains("\"service\":\"api\""));
    }
}
