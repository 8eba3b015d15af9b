package dev.vigil.docker;

import com.github.dockerjava.api.exception.NotFoundException;
import dev.vigil.runtime.Adoption;
import dev.vigil.runtime.ExitStatus;
import dev.vigil.runtime.Instance;
import dev.vigil.runtime.StartChoice;
import dev.vigil.runtime.StartFailure;
import dev.vigil.stack.ContainerSpec;
import dev.vigil.stack.ContainerSpec.PortMapping;
import dev.vigil.stack.ContainerSpec.Resources;
import dev.vigil.stack.ContainerSpec.VolumeMount;
import dev.vigil.stack.ExecProbeSpec;
import dev.vigil.stack.ProbeTiming;
import dev.vigil.stack.PullPolicy;
import dev.vigil.stack.RestartSpec;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Signal;
import dev.vigil.stack.StopSpec;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the docker runtime does beyond the contract, against a real engine. */
class DockerRuntimeTest {

    private static final String STACK = "rt-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Duration PROMPTLY = Duration.ofSeconds(10);
    @RegisterExtension
    static final RealEngine ENGINE = new RealEngine();

    @TempDir
    Path tempDir;

    private DockerRuntime runtime;

    @BeforeEach
    void createRuntime() {
        runtime = new DockerRuntime(STACK, tempDir.resolve("logs"), ENGINE.engine());
    }

    @AfterEach
    void cleanUp() {
        runtime.close();
        TestEngine.removeStack(ENGINE.engine(), STACK);
    }

    private static ConditionFactory await() {
        return Awaitility.await().atMost(PROMPTLY).pollInterval(Duration.ofMillis(20)).pollDelay(Duration.ZERO);
    }

    private ServiceSpec busybox(String name, String script) {
        return busybox(name, script, ContainerSpec.of(TestEngine.IMAGE));
    }

    private ServiceSpec busybox(String name, String script, ContainerSpec container) {
        return ServiceSpec.of(name, TestEngine.sh(script), tempDir).withContainer(container);
    }

    private static ContainerSpec withResources(Resources resources) {
        ContainerSpec plain = ContainerSpec.of(TestEngine.IMAGE);
        return new ContainerSpec(plain.image(), plain.entrypoint(), plain.ports(), plain.volumes(), plain.network(),
                resources, plain.labels());
    }

    private static ExitStatus exitOf(Instance instance, Duration within) throws Exception {
        return instance.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
    }

    private boolean exists(String idOrName) {
        try {
            ENGINE.engine().client().inspectContainerCmd(idOrName).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Test
    void aCrashIsReportedFromTheEventStreamWithinASecond() throws Exception {
        Instance instance = runtime.start(busybox("crasher", "sleep 0.2; exit 3"));
        assertThat(instance.isAlive()).isTrue();

        assertThat(exitOf(instance, Duration.ofMillis(1200))).isEqualTo(ExitStatus.exited(3));
    }

    @Test
    void theContainerIsNamedAndLabelledForTheStackAndJoinsItsNetwork() {
        ContainerSpec container = ContainerSpec.of(TestEngine.IMAGE);
        container = new ContainerSpec(container.image(), container.entrypoint(), container.ports(),
                container.volumes(), container.network(), container.resources(), Map.of("team", "core",
                VigilLabels.STACK, "forged"));
        Instance instance = runtime.start(busybox("web", "sleep 1000", container));

        var inspect = ENGINE.engine().client().inspectContainerCmd(instance.id()).exec();

        assertThat(inspect.getName()).endsWith("vigil-" + STACK + "-web");
        assertThat(inspect.getConfig().getLabels()).containsEntry(VigilLabels.STACK, STACK)
                .containsEntry(VigilLabels.SERVICE, "web").containsEntry("team", "core");
        assertThat(inspect.getNetworkSettings().getNetworks()).containsOnlyKeys("vigil-" + STACK);
        assertThat(inspect.getHostConfig().getRestartPolicy().getName()).isIn("no", "");
        assertThat(instance.pid()).isPresent();
        assertThat(instance.id()).hasSize(12);
        assertThat(ENGINE.engine().client().inspectNetworkCmd().withNetworkId("vigil-" + STACK).exec().getLabels())
                .containsEntry(VigilLabels.STACK, STACK);
    }

    @Test
    void envCommandAndEntrypointReachTheContainer() throws Exception {
        ContainerSpec plain = ContainerSpec.of(TestEngine.IMAGE);
        ContainerSpec container = new ContainerSpec(plain.image(), Optional.of(List.of("sh", "-c")), List.of(),
                List.of(), Optional.empty(), Resources.NONE, Map.of());
        Instance instance = runtime.start(ServiceSpec.of("env", List.of("echo \"$GREETING\"; exit 0"), tempDir)
                .withEnv(Map.of("GREETING", "hello from env")).withContainer(container));

        assertThat(exitOf(instance, PROMPTLY)).isEqualTo(ExitStatus.exited(0));
        assertThat(instance.lastLogLines(5)).containsExactly("hello from env");
    }

    @Test
    void exceedingTheMemoryLimitIsRecognisedAsAnOomKill() throws Exception {
        ContainerSpec limited = withResources(new Resources(Optional.of(16L << 20), Optional.empty(),
                Optional.empty()));
        Instance instance = runtime.start(busybox("hog",
                "x=$(head -c 67108864 /dev/zero | tr '\\0' a); echo survived", limited));

        ExitStatus status = exitOf(instance, PROMPTLY);

        assertThat(status.oomKilled()).as(status.describe()).isTrue();
        assertThat(status.success()).isFalse();
        assertThat(status.describe()).isEqualTo("killed by the OOM killer (memory limit)");
    }

    @Test
    void aPlainKillWithAMemoryLimitIsNotAnOomKill() throws Exception {
        ContainerSpec limited = withResources(new Resources(Optional.of(64L << 20), Optional.empty(),
                Optional.empty()));
        Instance instance = runtime.start(busybox("limited", "sleep 1000", limited));

        instance.signal(Signal.KILL);

        assertThat(exitOf(instance, PROMPTLY)).isEqualTo(ExitStatus.killed(9));
    }

    @Test
    void stopWaitsTheGracePeriodAndKeepsTheContainerUntilTheStackGoesDown() throws Exception {
        Instance instance = runtime.start(busybox("stubborn", "trap '' TERM; echo ready; while :; do sleep 1; done"));
        Awaitility.await().atMost(PROMPTLY).until(() -> instance.lastLogLines(1).contains("ready"));
        long began = System.nanoTime();

        ExitStatus status = instance.stop(new StopSpec(Signal.TERM, Duration.ofSeconds(1)))
                .get(PROMPTLY.toMillis(), TimeUnit.MILLISECONDS);

        assertThat(status).isEqualTo(ExitStatus.killed(9));
        assertThat(Duration.ofNanos(System.nanoTime() - began)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        assertThat(exists(instance.id())).as("kept for an in-place restart").isTrue();

        runtime.removeExited();

        assertThat(exists(instance.id())).isFalse();
    }

    @Test
    void aContainerWithoutVigilsLabelsIsNeverTouched() {
        String name = "vigil-" + STACK + "-taken";
        String foreign = ENGINE.engine().client().createContainerCmd(TestEngine.IMAGE).withName(name)
                .withCmd("sleep", "1000").exec().getId();
        try {
            assertThatThrownBy(() -> runtime.start(busybox("taken", "sleep 1000")))
                    .isInstanceOf(StartFailure.class)
                    .hasMessageContaining("a container named " + name + " already exists and is not Vigil's");
            assertThat(exists(foreign)).isTrue();
            assertThat(runtime.adopt(busybox("taken", "sleep 1000"))).isInstanceOf(Adoption.None.class);
            assertThat(exists(foreign)).isTrue();
        } finally {
            TestEngine.removeContainer(ENGINE.engine(), foreign);
        }
    }

    @Test
    void aContainerOfVigilsFromAnotherDefinitionIsRecreated() throws Exception {
        Instance first = runtime.start(busybox("again", "exit 1"));
        exitOf(first, PROMPTLY);

        Instance second = runtime.start(busybox("again", "sleep 1000"));

        assertThat(second.id()).isNotEqualTo(first.id());
        assertThat(exists(first.id())).isFalse();
        assertThat(second.isAlive()).isTrue();
        assertThat(first.startChoice()).as("a first container is no choice").isEmpty();
        assertThat(second.startChoice()).hasValueSatisfying(choice -> {
            assertThat(choice.kind()).isEqualTo(StartChoice.Kind.RECREATED);
            assertThat(choice.reason()).matches("its definition changed \\([0-9a-f]{24} -> [0-9a-f]{24}\\)");
        });
    }

    /** Each run appends an x to a file in the container's own filesystem and prints the file. */
    private static final String COUNTS_ITS_RUNS = "n=$(cat /tmp/runs 2>/dev/null)x; echo $n > /tmp/runs; echo runs $n;"
            + " sleep 0.3; exit 1";

    @Test
    void anEndedContainerIsRestartedInPlaceTwiceInARowThenRecreatedFromItsImage() throws Exception {
        ServiceSpec flaky = busybox("flaky", COUNTS_ITS_RUNS);
        List<String> ids = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        List<String> choices = new ArrayList<>();
        for (int run = 0; run < 5; run++) {
            Instance instance = runtime.start(flaky);
            assertThat(exitOf(instance, PROMPTLY)).isEqualTo(ExitStatus.exited(1));
            ids.add(instance.id());
            lines.add(instance.lastLogLines(1).getFirst());
            choices.add(instance.startChoice().map(c -> c.kind().label() + ": " + c.reason()).orElse("new"));
        }

        // Restarted in place: the same container, its files kept; then a fresh one from the image.
        assertThat(ids.get(1)).isEqualTo(ids.get(0));
        assertThat(ids.get(2)).isEqualTo(ids.get(0));
        assertThat(ids.get(3)).isNotEqualTo(ids.get(0));
        assertThat(ids.get(4)).isEqualTo(ids.get(3));
        assertThat(lines).containsExactly("runs x", "runs xx", "runs xxx", "runs x", "runs xx");
        String name = "vigil-" + STACK + "-flaky";
        String same = "restarted in place: container " + name + " stopped with the same definition ("
                + ContainerLifecycle.definition(flaky) + "); in-place restart ";
        assertThat(choices).containsExactly("new", same + "1 of 2 in a row", same + "2 of 2 in a row",
                "recreated: 2 in-place restarts in a row, none running 30s (reset_after)", same + "1 of 2 in a row");
        assertThat(exists(ids.get(0))).isFalse();
    }

    @Test
    void aRunAsLongAsResetAfterEndsTheRowOfInPlaceRestarts() throws Exception {
        RestartSpec defaults = RestartSpec.DEFAULT;
        ServiceSpec steady = busybox("steady", COUNTS_ITS_RUNS)
                .withRestart(new RestartSpec(defaults.policy(), defaults.backoff(), Duration.ofMillis(100),
                        defaults.limit()));
        List<String> ids = new ArrayList<>();
        for (int run = 0; run < 4; run++) {
            Instance instance = runtime.start(steady);
            exitOf(instance, PROMPTLY);
            ids.add(instance.id());
        }

        assertThat(ids).containsOnly(ids.getFirst());
    }

    @Test
    void aSecondRuntimeAdoptsTheRunningContainerAndSeesItsExit() throws Exception {
        ServiceSpec spec = busybox("kept", "sleep 1000");
        Instance original = runtime.start(spec);

        try (DockerRuntime restarted = new DockerRuntime(STACK, tempDir.resolve("logs"), ENGINE.engine())) {
            Adoption adoption = restarted.adopt(spec);

            assertThat(adoption).isInstanceOf(Adoption.Found.class);
            Adoption.Found found = (Adoption.Found) adoption;
            assertThat(found.instance().id()).isEqualTo(original.id());
            assertThat(found.drift()).isEmpty();
            assertThat(exists(original.id())).isTrue();

            found.instance().signal(Signal.KILL);
            assertThat(exitOf(found.instance(), PROMPTLY)).isEqualTo(ExitStatus.killed(9));
        }
    }

    @Test
    void adoptingAStoppedContainerFindsItGoneWithItsExitCode() throws Exception {
        ServiceSpec spec = busybox("ended", "exit 5");
        Instance original = runtime.start(spec);
        exitOf(original, PROMPTLY);

        try (DockerRuntime restarted = new DockerRuntime(STACK, tempDir.resolve("logs"), ENGINE.engine())) {
            Adoption adoption = restarted.adopt(spec);

            assertThat(adoption).isInstanceOf(Adoption.Gone.class);
            assertThat(((Adoption.Gone) adoption).instanceId()).isEqualTo(original.id());
            assertThat(((Adoption.Gone) adoption).detail()).contains("exited with code 5");
            assertThat(exists(original.id())).as("adoption never recreates or removes").isTrue();
        }
    }

    @Test
    void adoptionReportsADifferentImageAsDrift() {
        runtime.start(busybox("drifting", "sleep 1000"));
        ENGINE.engine().client().tagImageCmd(TestEngine.IMAGE, "localhost/busybox", "other-" + STACK).exec();
        try {
            ServiceSpec declared = busybox("drifting", "sleep 1000",
                    ContainerSpec.of("localhost/busybox:other-" + STACK));

            Adoption adoption = runtime.adopt(declared);

            assertThat(((Adoption.Found) adoption).drift()).hasValueSatisfying(d -> assertThat(d).contains("image"));
        } finally {
            ENGINE.engine().client().removeImageCmd("localhost/busybox:other-" + STACK).exec();
        }
    }

    @Test
    void nothingToAdoptWhenNoContainerExists() {
        assertThat(runtime.adopt(busybox("never", "sleep 1"))).isInstanceOf(Adoption.None.class);
    }

    @Test
    void anExitDuringABrokenEventStreamIsNotMissed() throws Exception {
        Instance instance = runtime.start(busybox("gap", "sleep 1000"));
        runtime.exitEvents().dropForTest();

        ENGINE.engine().client().killContainerCmd(instance.id()).withSignal("SIGKILL").exec();
        ENGINE.engine().client().waitContainerCmd(instance.id()).start().awaitStatusCode(10, TimeUnit.SECONDS);
        assertThat(instance.onExit()).as("nothing listens while the stream is down").isNotDone();
        runtime.exitEvents().reconnect();

        assertThat(exitOf(instance, PROMPTLY)).isEqualTo(ExitStatus.killed(9));
    }

    @Test
    void anImagesOwnHealthcheckBecomesTheProbeOfAServiceThatDeclaresNone() throws Exception {
        String image = TestEngine.imageWithHealthcheck(ENGINE.engine(), tempDir);
        try {
            assertImageHealthcheckTakenOver(image);
        } finally {
            // Left behind, a later build under this tag would leave it dangling, which cleanup tests count.
            removeImage(image);
        }
    }

    private void assertImageHealthcheckTakenOver(String image) {
        ServiceSpec plain = ServiceSpec.of("web", TestEngine.sh("sleep 1000"), tempDir)
                .withContainer(ContainerSpec.of(image));
        ExecProbeSpec declared = new ExecProbeSpec(List.of("true"), ProbeTiming.DEFAULT);

        assertThat(runtime.withImageHealthcheck(plain).health()).containsExactly(new ExecProbeSpec(
                List.of("/bin/sh", "-c", "test -f /tmp/ok"),
                new ProbeTiming(Duration.ofSeconds(2), Duration.ofSeconds(1), Duration.ZERO, 2, 1)));
        assertThat(runtime.withImageHealthcheck(plain.withHealth(List.of(declared))).health())
                .containsExactly(declared);
        assertThat(runtime.withImageHealthcheck(plain.withContainer(ContainerSpec.of(image).withImageHealthcheck(false)))
                .health()).isEmpty();
        assertThat(runtime.withImageHealthcheck(busybox("other", "sleep 1000")).health()).isEmpty();
        assertThat(ENGINE.engine().client().listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(VigilLabels.STACK, STACK)).exec()).as("nothing left from asking").isEmpty();
    }

    @Test
    void execReturnsTheCommandsExitCodeAndOutput() {
        Instance instance = runtime.start(busybox("shell", "sleep 1000"));

        ExecResult ok = runtime.exec(instance.id(), List.of("sh", "-c", "echo healthy"), Duration.ofSeconds(5));
        ExecResult failed = runtime.exec(instance.id(), List.of("sh", "-c", "echo broken >&2; exit 7"),
                Duration.ofSeconds(5));

        assertThat(ok).isEqualTo(new ExecResult(0, "healthy\n", false));
        assertThat(ok.success()).isTrue();
        assertThat(failed.exitCode()).isEqualTo(7);
        assertThat(failed.output()).isEqualTo("broken\n");
    }

    @Test
    void execThatOutlivesItsTimeoutIsReportedAsTimedOut() {
        Instance instance = runtime.start(busybox("slow", "sleep 1000"));

        ExecResult result = runtime.exec(instance.id(), List.of("sleep", "30"), Duration.ofMillis(300));

        assertThat(result.timedOut()).isTrue();
        assertThat(result.success()).isFalse();
    }

    @Test
    void limitsAreAppliedAndListedAsDeclaredAndActual() {
        Resources declared = new Resources(Optional.of(64L << 20), Optional.of(0.5), Optional.of(100L));
        Instance instance = runtime.start(busybox("limited", "sleep 1000", withResources(declared)));

        List<ContainerInfo> containers = runtime.containers(STACK);

        assertThat(containers).singleElement().satisfies(info -> {
            assertThat(info.id()).isEqualTo(instance.id());
            assertThat(info.name()).isEqualTo("vigil-" + STACK + "-limited");
            assertThat(info.service()).isEqualTo("limited");
            assertThat(info.state()).isEqualTo("running");
            assertThat(info.image()).contains("busybox");
            assertThat(info.declared()).isEqualTo(declared);
            assertThat(info.actual()).isEqualTo(declared);
        });
        var host = ENGINE.engine().client().inspectContainerCmd(instance.id()).exec().getHostConfig();
        assertThat(host.getMemory()).isEqualTo(64L << 20);
        assertThat(host.getNanoCPUs()).isEqualTo(500_000_000L);
        assertThat(host.getPidsLimit()).isEqualTo(100L);
    }

    @Test
    void memoryCountsTmpfsPagesTheContainerHolds() {
        // tmpfs pages are charged to the container's memory cgroup, and stay until the file is removed.
        Instance instance = runtime.start(busybox("measured", "head -c 20000000 /dev/zero > /dev/shm/fill; "
                + "echo filled; sleep 1000"));
        Awaitility.await().atMost(PROMPTLY).until(() -> instance.lastLogLines(1).contains("filled"));

        assertThat(instance.memoryBytes()).isPresent();
        assertThat(instance.memoryBytes().getAsLong()).isGreaterThan(15_000_000L);
    }

    @Test
    void outputIsFollowedIntoTheServiceLogFile() throws Exception {
        Instance instance = runtime.start(busybox("talker", "echo out; echo err >&2; sleep 1000"));
        Path log = runtime.logFile("talker").orElseThrow();

        assertThat(log).isEqualTo(tempDir.resolve("logs/talker/talker.log").toAbsolutePath());
        await().until(() -> Files.exists(log) && Files.readAllLines(log).size() == 2);
        assertThat(Files.readAllLines(log)).containsExactlyInAnyOrder("out", "err");
        assertThat(instance.isAlive()).isTrue();
    }

    @Test
    void publishesPortsOnTheGivenHostAddressAndMountsVolumes() throws Exception {
        Path site = Files.createDirectories(tempDir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "served from a bind mount\n");
        ContainerSpec plain = ContainerSpec.of(TestEngine.IMAGE);
        int port = freePort();
        ContainerSpec web = new ContainerSpec(plain.image(), Optional.empty(),
                List.of(new PortMapping("127.0.0.1", port, 80, "tcp")),
                List.of(new VolumeMount(VolumeMount.Kind.BIND, site.toString(), "/www", true)),
                Optional.empty(), Resources.NONE, Map.of());
        runtime.start(busybox("web", "httpd -f -p 80 -h /www", web));
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest get = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/index.html"))
                .timeout(Duration.ofSeconds(2)).build();

        await().ignoreExceptions().until(() -> http.send(get, HttpResponse.BodyHandlers.ofString()).body(),
                body -> body.equals("served from a bind mount\n"));
    }

    @Test
    void aNamedVolumeVigilCreatesCarriesTheStackLabelAndAnExistingOneIsUsedAsItIs() throws Exception {
        String created = "vt-" + STACK + "-data";
        String theirs = "vt-" + STACK + "-theirs";
        var client = ENGINE.engine().client();
        client.createVolumeCmd().withName(theirs).exec();
        try {
            ContainerSpec plain = ContainerSpec.of(TestEngine.IMAGE);
            ContainerSpec mounts = new ContainerSpec(plain.image(), Optional.empty(), List.of(),
                    List.of(new VolumeMount(VolumeMount.Kind.VOLUME, created, "/data", false),
                            new VolumeMount(VolumeMount.Kind.VOLUME, theirs, "/theirs", false)),
                    Optional.empty(), Resources.NONE, Map.of());
            Instance instance = runtime.start(busybox("writer", "echo kept > /data/file; exit 0", mounts));
            assertThat(exitOf(instance, PROMPTLY)).isEqualTo(ExitStatus.exited(0));

            assertThat(client.inspectVolumeCmd(created).exec().getLabels()).containsEntry(VigilLabels.STACK, STACK);
            assertThat(Optional.ofNullable(client.inspectVolumeCmd(theirs).exec().getLabels()).orElse(Map.of()))
                    .doesNotContainKey(VigilLabels.STACK);
        } finally {
            runtime.removeExited();
            client.removeVolumeCmd(theirs).exec();
        }
    }

    @Test
    void servicesReachEachOtherByServiceNameOnTheStackNetwork() throws Exception {
        Path site = Files.createDirectories(tempDir.resolve("site"));
        Files.writeString(site.resolve("index.html"), "hello neighbour\n");
        ContainerSpec plain = ContainerSpec.of(TestEngine.IMAGE);
        ContainerSpec web = new ContainerSpec(plain.image(), Optional.empty(), List.of(),
                List.of(new VolumeMount(VolumeMount.Kind.BIND, site.toString(), "/www", true)),
                Optional.empty(), Resources.NONE, Map.of());
        runtime.start(busybox("web", "httpd -f -p 80 -h /www", web));
        Instance client = runtime.start(busybox("client", "sleep 1000"));

        await().until(() -> runtime.exec(client.id(), List.of("wget", "-q", "-O", "-", "http://web/index.html"),
                Duration.ofSeconds(2)).output(), "hello neighbour\n"::equals);
    }

    private static int freePort() throws IOException {
        try (var socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void aServiceWithoutAnImageIsAStartFailure() {
        assertThatThrownBy(() -> runtime.start(ServiceSpec.of("plain", List.of("true"), tempDir)))
                .isInstanceOf(StartFailure.class).hasMessageContaining("has no image");
    }

    @Test
    void aMissingImageThatCannotBePulledIsAStartFailureNamingIt() {
        assertThatThrownBy(() -> runtime.start(busybox("ghost", "true", ContainerSpec.of("127.0.0.1:1/nothing:here"))))
                .isInstanceOf(StartFailure.class)
                .hasMessageStartingWith("could not pull 127.0.0.1:1/nothing:here (pull: missing) through ");
    }

    @Test
    void withPullNeverAMissingImageIsAStartFailureWithoutAPull() {
        ContainerSpec never = ContainerSpec.of("127.0.0.1:1/nothing:here").withPull(PullPolicy.NEVER);

        assertThatThrownBy(() -> runtime.start(busybox("ghost", "true", never)))
                .isInstanceOf(StartFailure.class)
                .hasMessageStartingWith("image 127.0.0.1:1/nothing:here is not on this engine")
                .hasMessageContaining("its pull policy is `never`");
    }

    private void removeImage(String image) {
        try {
            ENGINE.engine().client().removeImageCmd(image).withForce(true).exec();
        } catch (NotFoundException e) {
            // Not there.
        }
    }

    private boolean imageExists(String image) {
        try {
            ENGINE.engine().client().inspectImageCmd(image).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    @Test
    void aMissingImageIsPulledFromItsRegistry() throws Exception {
        TestEngine.requireRegistry();
        removeImage(TestEngine.REGISTRY_IMAGE);
        assertThat(imageExists(TestEngine.REGISTRY_IMAGE)).isFalse();

        Instance instance = runtime.start(busybox("pulled", "echo from the registry; exit 0",
                ContainerSpec.of(TestEngine.REGISTRY_IMAGE)));

        assertThat(exitOf(instance, PROMPTLY)).isEqualTo(ExitStatus.exited(0));
        assertThat(instance.lastLogLines(1)).containsExactly("from the registry");
        assertThat(imageExists(TestEngine.REGISTRY_IMAGE)).isTrue();
    }

    @Test
    void pullAlwaysGoesOnWithTheEnginesCopyWhenTheRegistryFails() throws Exception {
        String unreachable = "127.0.0.1:1/vigil/busybox:test";
        ENGINE.engine().client().tagImageCmd(TestEngine.IMAGE, "127.0.0.1:1/vigil/busybox", "test").exec();
        try {
            Instance instance = runtime.start(busybox("stubborn", "exit 0",
                    ContainerSpec.of(unreachable).withPull(PullPolicy.ALWAYS)));

            assertThat(exitOf(instance, PROMPTLY)).isEqualTo(ExitStatus.exited(0));
        } finally {
            runtime.removeExited();
            removeImage(unreachable);
        }
    }
}
