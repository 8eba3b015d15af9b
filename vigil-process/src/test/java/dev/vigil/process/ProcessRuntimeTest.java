package dev.vigil.process;

import dev.vigil.runtime.ExitStatus;
import dev.vigil.runtime.Instance;
import dev.vigil.runtime.Runtime;
import dev.vigil.runtime.RuntimeContract;
import dev.vigil.runtime.StartFailure;
import dev.vigil.stack.LogSpec;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Signal;
import dev.vigil.stack.StopSpec;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessRuntimeTest extends RuntimeContract {

    @Override
    protected Runtime runtime(Path tempDir) {
        return new ProcessRuntime(tempDir.resolve("logs"), tempDir.resolve("run"), Duration.ofMillis(50),
                ExitWatcher.DEFAULT_INTERVAL);
    }

    @Override
    protected ServiceSpec sleeper(String name) {
        return sh(name, "sleep 1000");
    }

    @Override
    protected ServiceSpec exitingWith(String name, int code) {
        return sh(name, "exit " + code);
    }

    @Override
    protected ServiceSpec ignoringTerm(String name) {
        // The ignored disposition is inherited by sleep, so no process of the group reacts to TERM.
        return sh(name, "trap '' TERM; echo ready; while :; do sleep 1; done");
    }

    @Override
    protected ServiceSpec printing(String name, List<String> lines) {
        return sh(name, "printf '%s\\n' " + lines.stream().map(l -> "'" + l + "'").collect(Collectors.joining(" "))
                + "; sleep 1000");
    }

    private ServiceSpec sh(String name, String script) {
        return ServiceSpec.of(name, List.of("sh", "-c", script), tempDir);
    }

    @Test
    void theServiceLeadsItsOwnSessionAndProcessGroup() {
        Instance instance = start(ServiceSpec.of("sleeper", List.of("sleep", "1000"), tempDir));
        long pid = instance.pid().orElseThrow();

        ProcessTree.Proc proc = ProcessTree.stat(pid).orElseThrow();

        assertThat(proc.pgrp()).isEqualTo(pid);
        assertThat(proc.session()).isEqualTo(pid);
        assertThat(ProcessTree.executable(pid).orElseThrow().getFileName().toString()).isEqualTo("sleep");
        assertThat(instance.id()).isEqualTo(Long.toString(pid));
    }

    @Test
    void stopLeavesNoProcessBehind() throws Exception {
        Path script = tempDir.resolve("spawner.sh");
        Files.writeString(script, """
                sleep 1000 &
                echo "child $!"
                (sleep 1000 & echo "orphan $!")
                sh -c 'setsid sleep 1000 & echo "escaped $!"; wait' &
                echo started
                wait
                """);
        Instance instance = start(ServiceSpec.of("spawner", List.of("sh", script.toString()), tempDir));
        await().until(() -> instance.lastLogLines(10).contains("started")
                && instance.lastLogLines(10).stream().anyMatch(l -> l.startsWith("escaped ")));
        List<Long> pids = new ArrayList<>(instance.lastLogLines(10).stream()
                .filter(l -> l.matches("(child|orphan|escaped) \\d+"))
                .map(l -> Long.parseLong(l.substring(l.indexOf(' ') + 1)))
                .toList());
        assertThat(pids).hasSize(3);
        long escaped = pids.get(2);
        await().until(() -> ProcessTree.stat(escaped).map(p -> p.session() == escaped).orElse(false));
        pids.add(instance.pid().orElseThrow());
        assertThat(pids).allMatch(ProcessRuntimeTest::running);

        ExitStatus status = exitOf(instance.stop(new StopSpec(Signal.TERM, Duration.ofSeconds(10))));

        assertThat(status.success()).isFalse();
        assertThat(pids).noneMatch(ProcessRuntimeTest::running);
    }

    @Test
    void stopKillsAnEscapedGrandchildEvenAfterItsParentDied() throws Exception {
        // The grandchild ignores TERM and leaves the session; its parent dies of TERM, so by the time
        // SIGKILL is due the grandchild belongs to init and only the list taken before signalling knows it.
        Instance instance = start(sh("daemonish",
                "(trap '' TERM; exec setsid sleep 1000) & echo \"escaped $!\"; wait"));
        await().until(() -> instance.lastLogLines(5).stream().anyMatch(l -> l.startsWith("escaped ")));
        long escaped = instance.lastLogLines(5).stream().filter(l -> l.startsWith("escaped "))
                .map(l -> Long.parseLong(l.substring(8))).findFirst().orElseThrow();
        await().until(() -> ProcessTree.stat(escaped).map(p -> p.session() == escaped).orElse(false));

        exitOf(instance.stop(new StopSpec(Signal.TERM, Duration.ofMillis(300))));

        assertThat(running(escaped)).isFalse();
    }

    @Test
    void stopReachesAnOrphanLeftInTheGroupAfterTheServiceExited() throws Exception {
        Instance instance = start(sh("leaver", "(sleep 1000 & echo \"orphan $!\"); exit 0"));
        assertThat(exitOf(instance.onExit())).isEqualTo(ExitStatus.exited(0));
        await().until(() -> instance.lastLogLines(5).stream().anyMatch(l -> l.startsWith("orphan ")));
        long orphan = instance.lastLogLines(5).stream().filter(l -> l.startsWith("orphan "))
                .map(l -> Long.parseLong(l.substring(7))).findFirst().orElseThrow();
        assertThat(running(orphan)).isTrue();

        assertThat(exitOf(instance.stop(StopSpec.DEFAULT))).isEqualTo(ExitStatus.exited(0));
        assertThat(running(orphan)).isFalse();
    }

    @Test
    void stopContinuesAStoppedService() throws Exception {
        // A single process: a shell caught between vfork and exec would show 'D', not 'T'.
        Instance instance = start(ServiceSpec.of("frozen", List.of("sleep", "1000"), tempDir));
        instance.signal(Signal.STOP);
        long pid = instance.pid().orElseThrow();
        await().until(() -> ProcessTree.stat(pid).map(p -> p.state() == 'T').orElse(false));

        assertThat(exitOf(instance.stop(new StopSpec(Signal.TERM, Duration.ofSeconds(30)))))
                .isEqualTo(ExitStatus.killed(Signal.TERM.number()));
    }

    @Test
    void memoryCountsWhatChildrenAllocate() {
        Instance instance = start(sh("hog", "x=$(head -c 40000000 /dev/zero | tr '\\0' a); echo filled; sleep 1000"));

        await().until(() -> instance.lastLogLines(1).contains("filled"));

        assertThat(instance.memoryBytes()).isPresent();
        assertThat(instance.memoryBytes().getAsLong()).isGreaterThan(30_000_000L);
    }

    @Test
    void noMemoryOnceEnded() throws Exception {
        Instance instance = start(exitingWith("exits", 0));
        exitOf(instance.onExit());

        assertThat(instance.memoryBytes()).isEmpty();
    }

    @Test
    void memoryOfAQuietServiceIsSmallButPresent() {
        Instance instance = start(sleeper("sleeper"));

        assertThat(instance.memoryBytes()).isPresent();
        assertThat(instance.memoryBytes().getAsLong()).isBetween(1L, 100_000_000L);
    }

    @Test
    void writesStdoutAndStderrToTheServiceLog() throws Exception {
        Instance instance = start(sh("both", "echo out; echo err >&2; exit 0"));
        exitOf(instance.onExit());
        Path log = tempDir.resolve("logs/both/both.log");

        await().until(() -> Files.exists(log) && Files.readAllLines(log).size() == 2);
        assertThat(Files.readAllLines(log)).containsExactlyInAnyOrder("out", "err");
    }

    @Test
    void aNewInstanceAppendsToTheSameLog() throws Exception {
        Path log = tempDir.resolve("logs/twice/twice.log");
        for (String word : List.of("first", "second")) {
            Instance instance = start(sh("twice", "echo " + word));
            exitOf(instance.onExit());
            await().until(() -> Files.exists(log) && Files.readString(log).contains(word));
        }

        assertThat(Files.readAllLines(log)).containsExactly("first", "second");
    }

    @Test
    void theServiceWritesStraightToItsLogFileNotThroughVigil() throws Exception {
        Instance instance = start(sleeper("direct"));
        long pid = instance.pid().orElseThrow();
        Path log = tempDir.resolve("logs/direct/direct.log").toRealPath();

        assertThat(Files.readSymbolicLink(Path.of("/proc/" + pid + "/fd/1"))).isEqualTo(log);
        assertThat(Files.readSymbolicLink(Path.of("/proc/" + pid + "/fd/2"))).isEqualTo(log);
        assertThat(runtime.logFile("direct")).contains(tempDir.resolve("logs/direct/direct.log").toAbsolutePath());
    }

    @Test
    void rotationByCopyAndTruncateLetsTheServiceGoOnWriting() throws Exception {
        ServiceSpec spec = sh("chatty", "i=0; while :; do echo \"line $i\"; i=$((i+1)); sleep 0.01; done")
                .withLogs(new LogSpec(400, 2));
        Instance instance = start(spec);
        Path dir = tempDir.resolve("logs/chatty");
        Path current = dir.resolve("chatty.log");

        await().until(() -> Files.exists(dir.resolve("chatty.log.2")));
        int rotatedUpTo = lastNumber(Files.readAllLines(dir.resolve("chatty.log.1")));
        await().until(() -> lastNumber(Files.readAllLines(current)) > rotatedUpTo + 5);

        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString()).collect(Collectors.toSet()))
                    .isEqualTo(Set.of("chatty.log", "chatty.log.1", "chatty.log.2"));
        }
        // O_APPEND: after the truncate the service writes at the new end, not at its old offset (no hole of NULs).
        assertThat(Files.readString(current)).doesNotContain("\0").startsWith("line ");
        assertThat(Files.readAllLines(dir.resolve("chatty.log.2"))).allMatch(l -> l.matches("line \\d+"));
        assertThat(instance.lastLogLines(3)).hasSize(3).allMatch(l -> l.matches("line \\d+"));
    }

    private static int lastNumber(List<String> lines) {
        return lines.stream().filter(l -> l.matches("line \\d+")).mapToInt(l -> Integer.parseInt(l.substring(5)))
                .max().orElse(-1);
    }

    @Test
    void lastLinesComeFromTheEndOfTheFileWithinABoundedRead() throws Exception {
        Instance instance = start(sh("wide", "head -c 200000 /dev/zero | tr '\\0' x; echo; echo after"));
        exitOf(instance.onExit());
        Path log = tempDir.resolve("logs/wide/wide.log");

        assertThat(Files.size(log)).isEqualTo(200_000 + 1 + 6);
        assertThat(instance.lastLogLines(2)).containsExactly("after");
    }

    @Test
    void lastLinesAreThoseOfThisInstanceOnly() throws Exception {
        Instance first = start(sh("again", "echo from-first"));
        exitOf(first.onExit());
        Instance second = start(sh("again", "exit 3"));
        exitOf(second.onExit());

        assertThat(second.lastLogLines(10)).isEmpty();
        assertThat(first.lastLogLines(10)).containsExactly("from-first");
    }

    @Test
    void passesTheEnvironmentAndWorkingDirectory() throws Exception {
        Path dir = Files.createDirectory(tempDir.resolve("work"));
        Instance instance = start(ServiceSpec.of("env", List.of("sh", "-c", "echo \"$GREETING $(pwd)\""), dir)
                .withEnv(Map.of("GREETING", "hello")));
        exitOf(instance.onExit());

        await().until(() -> instance.lastLogLines(1).equals(List.of("hello " + dir.toRealPath())));
    }

    @Test
    void startsAProgramGivenByRelativePath() throws Exception {
        Path script = tempDir.resolve("run.sh");
        Files.writeString(script, "#!/bin/sh\nexit 5\n");
        assertThat(script.toFile().setExecutable(true)).isTrue();

        Instance instance = start(ServiceSpec.of("script", List.of("./run.sh"), tempDir));

        assertThat(exitOf(instance.onExit())).isEqualTo(ExitStatus.exited(5));
    }

    @Test
    void aMissingCommandIsAStartFailure() {
        assertThatThrownBy(() -> start(ServiceSpec.of("ghost", List.of("no-such-program-vigil"), tempDir)))
                .isInstanceOf(StartFailure.class)
                .hasMessage("command not found: no-such-program-vigil");
    }

    @Test
    void aMissingRelativeCommandIsAStartFailure() {
        assertThatThrownBy(() -> start(ServiceSpec.of("ghost", List.of("./nothing-here"), tempDir)))
                .isInstanceOf(StartFailure.class)
                .hasMessageStartingWith("command not found: ./nothing-here");
    }

    @Test
    void aFileThatIsNotExecutableIsAStartFailure() throws IOException {
        Files.writeString(tempDir.resolve("plain.txt"), "hello");

        assertThatThrownBy(() -> start(ServiceSpec.of("plain", List.of("./plain.txt"), tempDir)))
                .isInstanceOf(StartFailure.class)
                .hasMessageStartingWith("not an executable file: ");
    }

    @Test
    void aFailedExecIsAStartFailure() throws IOException {
        // Passes the up-front check, but the kernel cannot run it: setsid's exec fails (ENOENT, 127).
        Path script = tempDir.resolve("broken.sh");
        Files.writeString(script, "#!/no/such/interpreter\n", StandardCharsets.UTF_8);
        assertThat(script.toFile().setExecutable(true)).isTrue();

        assertThatThrownBy(() -> start(ServiceSpec.of("broken", List.of("./broken.sh"), tempDir)))
                .isInstanceOf(StartFailure.class)
                .hasMessageStartingWith("cannot start broken: failed to execute ")
                .hasMessageContaining("broken.sh");
    }

    @Test
    void aMissingWorkingDirectoryIsAStartFailure() {
        Path missing = tempDir.resolve("missing");

        assertThatThrownBy(() -> start(ServiceSpec.of("lost", List.of("sleep", "1"), missing)))
                .isInstanceOf(StartFailure.class)
                .hasMessage("working directory does not exist: " + missing);
    }

    @Test
    void aServiceThatExitsWith127ByItselfStarts() throws Exception {
        Instance instance = start(sh("typo", "no-such-program-vigil"));

        assertThat(exitOf(instance.onExit())).isEqualTo(ExitStatus.exited(127));
    }

    @Test
    void exitIsDetectedPromptly() throws Exception {
        Instance instance = start(sleeper("sleeper"));
        long pid = instance.pid().orElseThrow();

        new ProcessBuilder("kill", "-KILL", Long.toString(pid)).start().waitFor();
        long killed = System.nanoTime();
        ExitStatus status = exitOf(instance.onExit());

        assertThat(status).isEqualTo(ExitStatus.killed(9));
        assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofMillis(500));
    }

    @Test
    void mapsExitValuesAboveOneHundredTwentyEightToSignals() {
        assertThat(ProcessInstance.status(143)).isEqualTo(ExitStatus.killed(15));
        assertThat(ProcessInstance.status(128)).isEqualTo(ExitStatus.exited(128));
        assertThat(ProcessInstance.status(200)).isEqualTo(ExitStatus.exited(200));
    }

    /** Exists and has not ended (a zombie waiting for a reaper that is not us does not count). */
    private static boolean running(long pid) {
        return ProcessTree.stat(pid).map(p -> !p.ended()).orElse(false);
    }
}
