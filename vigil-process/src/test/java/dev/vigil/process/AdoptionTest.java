package dev.vigil.process;

import dev.vigil.runtime.Adoption;
import dev.vigil.runtime.ExitStatus;
import dev.vigil.runtime.Instance;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Signal;
import dev.vigil.stack.StopSpec;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** A second runtime over the same directories stands in for Vigil restarted while its services ran on. */
class AdoptionTest {

    private static final Duration PROMPTLY = Duration.ofSeconds(5);

    @TempDir
    Path dir;

    private final List<ProcessRuntime> runtimes = new ArrayList<>();
    private final List<Long> pidsToKill = new ArrayList<>();

    private ProcessRuntime runtime() {
        ProcessRuntime runtime = new ProcessRuntime(dir.resolve("logs"), dir.resolve("run"));
        runtimes.add(runtime);
        return runtime;
    }

    @AfterEach
    void cleanUp() throws Exception {
        runtimes.forEach(ProcessRuntime::close);
        for (long pid : pidsToKill) {
            new ProcessBuilder("kill", "-KILL", "--", "-" + pid, Long.toString(pid)).start().waitFor();
        }
    }

    private ServiceSpec sh(String name, String script) {
        return ServiceSpec.of(name, List.of("sh", "-c", script), dir);
    }

    private Instance start(ProcessRuntime runtime, ServiceSpec spec) {
        Instance instance = runtime.start(spec);
        pidsToKill.add(instance.pid().orElseThrow());
        return instance;
    }

    private static ConditionFactory await() {
        return Awaitility.await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(10)).pollDelay(Duration.ZERO);
    }

    private static boolean running(long pid) {
        return ProcessTree.stat(pid).map(p -> !p.ended()).orElse(false);
    }

    private Path record(String service) {
        return dir.resolve("run/" + service + ".json");
    }

    @Test
    void noRecordMeansNothingToAdopt() {
        assertThat(runtime().adopt(sh("fresh", "sleep 1000"))).isInstanceOf(Adoption.None.class);
    }

    @Test
    void aStartedInstanceIsRecordedUntilItHasEndedAndBeenStopped() throws Exception {
        ProcessRuntime runtime = runtime();
        ServiceSpec spec = sh("api", "while [ ! -e go ]; do sleep 0.01; done; exit 0").withEnv(Map.of("TOKEN", "s3cret-value"));
        Instance instance = start(runtime, spec);
        long pid = instance.pid().orElseThrow();

        InstanceRecord record = InstanceRecord.parse(Files.readString(record("api")));
        assertThat(record.pid()).isEqualTo(pid);
        assertThat(record.startTicks()).isEqualTo(ProcessTree.stat(pid).orElseThrow().startTicks());
        assertThat(record.bootId()).isEqualTo(ProcessTree.bootId());
        assertThat(record.startedAt()).isEqualTo(instance.startedAt());
        assertThat(Files.readString(record("api"))).doesNotContain("s3cret-value");
        assertThat(Files.getPosixFilePermissions(record("api"))).hasSize(2); // owner read and write only

        Files.createFile(dir.resolve("go"));
        assertThat(instance.onExit().get(5, TimeUnit.SECONDS)).isEqualTo(ExitStatus.exited(0));
        // Ended, but not yet stopped by Vigil: its group could still hold processes.
        assertThat(record("api")).exists();

        instance.stop(StopSpec.DEFAULT).get(5, TimeUnit.SECONDS);
        assertThat(record("api")).doesNotExist();
    }

    @Test
    void aSecondRuntimeAdoptsARunningInstanceAndSeesItsExitPromptly() throws Exception {
        ServiceSpec spec = sh("worker", "echo hello from before; sleep 1000");
        Instance original = start(runtime(), spec);
        long pid = original.pid().orElseThrow();
        await().until(() -> original.lastLogLines(1).contains("hello from before"));

        Adoption adoption = runtime().adopt(spec);

        assertThat(adoption).isInstanceOf(Adoption.Found.class);
        Adoption.Found found = (Adoption.Found) adoption;
        Instance adopted = found.instance();
        assertThat(found.drift()).isEmpty();
        assertThat(adopted.pid()).hasValue(pid);
        assertThat(adopted.id()).isEqualTo(Long.toString(pid));
        assertThat(adopted.startedAt()).isEqualTo(original.startedAt());
        assertThat(adopted.isAlive()).isTrue();
        assertThat(adopted.memoryBytes()).isPresent();
        assertThat(adopted.lastLogLines(5)).containsExactly("hello from before");

        new ProcessBuilder("kill", "-KILL", Long.toString(pid)).start().waitFor();
        long killed = System.nanoTime();
        ExitStatus status = adopted.onExit().get(5, TimeUnit.SECONDS);

        assertThat(Duration.ofNanos(System.nanoTime() - killed)).isLessThan(Duration.ofSeconds(1));
        assertThat(status).isEqualTo(ExitStatus.unknown());
        assertThat(status.describe()).isEqualTo("ended (exit status unknown: not a child of this Vigil)");
        assertThat(adopted.isAlive()).isFalse();
    }

    @Test
    void stoppingAnAdoptedInstanceStopsItsWholeGroup() throws Exception {
        ServiceSpec spec = sh("spawner", "sleep 1000 & echo \"child $!\"; (sleep 1000 & echo \"orphan $!\"); "
                + "echo started; wait");
        Instance original = start(runtime(), spec);
        await().until(() -> original.lastLogLines(5).contains("started"));
        List<Long> pids = new ArrayList<>(original.lastLogLines(5).stream()
                .filter(l -> l.matches("(child|orphan) \\d+"))
                .map(l -> Long.parseLong(l.substring(l.indexOf(' ') + 1))).toList());
        pids.add(original.pid().orElseThrow());
        assertThat(pids).hasSize(3).allMatch(AdoptionTest::running);

        Instance adopted = ((Adoption.Found) runtime().adopt(spec)).instance();
        ExitStatus status = adopted.stop(new StopSpec(Signal.TERM, Duration.ofSeconds(5))).get(10, TimeUnit.SECONDS);

        assertThat(status).isEqualTo(ExitStatus.unknown());
        assertThat(pids).noneMatch(AdoptionTest::running);
        assertThat(record("spawner")).doesNotExist();
    }

    @Test
    void signalsReachAnAdoptedInstance() throws Exception {
        ServiceSpec spec = sh("hup", "trap 'echo got hup' HUP; echo ready; while :; do sleep 0.05; done");
        Instance original = start(runtime(), spec);
        await().until(() -> original.lastLogLines(1).contains("ready"));
        Instance adopted = ((Adoption.Found) runtime().adopt(spec)).instance();

        adopted.signal(Signal.HUP);

        await().until(() -> adopted.lastLogLines(1).contains("got hup"));
    }

    @Test
    void aChangedDefinitionIsReportedAsDrift() {
        ServiceSpec spec = sh("api", "sleep 1000").withEnv(Map.of("MODE", "blue"));
        start(runtime(), spec);

        Adoption adoption = runtime().adopt(sh("api", "sleep 2000").withEnv(Map.of("MODE", "green")));

        assertThat(adoption).isInstanceOfSatisfying(Adoption.Found.class,
                f -> assertThat(f.drift()).contains("command changed, environment changed"));
    }

    @Test
    void aRecordWhosePidNowBelongsToAnotherProcessIsGoneAndThatProcessIsLeftAlone() throws Exception {
        Process stranger = new ProcessBuilder("sleep", "1000").start();
        pidsToKill.add(stranger.pid());
        await().until(() -> ProcessTree.stat(stranger.pid()).isPresent());
        long ticks = ProcessTree.stat(stranger.pid()).orElseThrow().startTicks();
        ServiceSpec spec = sh("api", "sleep 1000");
        new InstanceRecords(dir.resolve("run")).write(new InstanceRecord("api", stranger.pid(), ticks - 1,
                ProcessTree.bootId(), Instant.now(), Fingerprint.of(spec)));

        Adoption adoption = runtime().adopt(spec);

        assertThat(adoption).isEqualTo(new Adoption.Gone(Long.toString(stranger.pid()),
                "pid " + stranger.pid() + " now belongs to another process"));
        assertThat(record("api")).doesNotExist();
        assertThat(stranger.isAlive()).isTrue();
    }

    @Test
    void aRecordFromAnotherBootIsGone() throws Exception {
        ServiceSpec spec = sh("api", "sleep 1000");
        Instance instance = start(runtime(), spec);
        long pid = instance.pid().orElseThrow();
        InstanceRecord real = InstanceRecord.parse(Files.readString(record("api")));
        new InstanceRecords(dir.resolve("run")).write(new InstanceRecord("api", pid, real.startTicks(),
                "00000000-0000-0000-0000-000000000000", real.startedAt(), real.fingerprint()));

        Adoption adoption = runtime().adopt(spec);

        assertThat(adoption).isEqualTo(new Adoption.Gone(Long.toString(pid),
                "pid " + pid + " was started before the host rebooted"));
        assertThat(record("api")).doesNotExist();
    }

    @Test
    void aRecordWhoseProcessEndedIsGoneAndWhatItLeftBehindIsStopped() throws Exception {
        ServiceSpec spec = sh("leaver", "(sleep 1000 & echo \"orphan $!\"); echo done; exit 0");
        Instance instance = start(runtime(), spec);
        long pid = instance.pid().orElseThrow();
        instance.onExit().get(5, TimeUnit.SECONDS);
        await().until(() -> instance.lastLogLines(1).contains("done"));
        long orphan = instance.lastLogLines(5).stream().filter(l -> l.startsWith("orphan "))
                .map(l -> Long.parseLong(l.substring(7))).findFirst().orElseThrow();
        pidsToKill.add(orphan);
        await().until(() -> ProcessTree.stat(pid).isEmpty());
        assertThat(running(orphan)).isTrue();

        Adoption adoption = runtime().adopt(spec);

        assertThat(adoption).isEqualTo(new Adoption.Gone(Long.toString(pid),
                "pid " + pid + " is gone; stopped 1 process it left behind"));
        assertThat(running(orphan)).isFalse();
        assertThat(record("leaver")).doesNotExist();
    }

    @Test
    void anUnreadableRecordIsGone() throws Exception {
        Files.createDirectories(dir.resolve("run"));
        Files.writeString(record("api"), "{\"service\": \"api\", \"pid\": 12");

        Adoption adoption = runtime().adopt(sh("api", "sleep 1000"));

        assertThat(adoption).isInstanceOfSatisfying(Adoption.Gone.class,
                g -> assertThat(g.detail()).startsWith("its instance record is unreadable: cannot parse "));
    }
}
