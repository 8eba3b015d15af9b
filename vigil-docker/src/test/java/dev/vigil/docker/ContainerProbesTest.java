package dev.vigil.docker;

import com.github.dockerjava.api.model.HealthCheck;
import dev.vigil.health.Probe;
import dev.vigil.health.ProbeFactory;
import dev.vigil.health.ProbeResult;
import dev.vigil.runtime.Instance;
import dev.vigil.stack.ContainerSpec;
import dev.vigil.stack.ExecProbeSpec;
import dev.vigil.stack.ProbeTiming;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.time.SystemScheduler;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.URI;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A container's exec healthcheck against a real engine: it is the container's HEALTHCHECK; where the engine runs
 * it, its results are reported and the command is not run again; where it does not, Vigil runs it inside.
 */
class ContainerProbesTest {

    private static final String STACK = "hc-" + UUID.randomUUID().toString().substring(0, 8);
    private static final ExecProbeSpec CHECK = new ExecProbeSpec(
            TestEngine.sh("echo x >> /tmp/checks; test -f /tmp/ok"),
            new ProbeTiming(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ZERO, 3, 1));
    /** Only container exec probes are asked of these tests. */
    private static final ProbeFactory ELSEWHERE = (s, p) -> {
        throw new AssertionError("not a container exec probe: " + p);
    };

    @RegisterExtension
    static final RealEngine ENGINE = new RealEngine();
    /** These checks run against a real engine, on real time. */
    private static final SystemScheduler CLOCK = new SystemScheduler();

    @TempDir
    Path tempDir;

    private DockerRuntime runtime;
    private ServiceSpec service;
    private Probe probe;
    private ScheduledExecutorService timer;

    @BeforeEach
    void start() {
        runtime = new DockerRuntime(STACK, tempDir.resolve("logs"), ENGINE.engine());
        service = ServiceSpec.of("web", TestEngine.sh(": > /tmp/ok; exec sleep 1000"), tempDir)
                .withContainer(ContainerSpec.of(TestEngine.IMAGE)).withHealth(List.of(CHECK));
        probe = new ContainerProbes(ELSEWHERE, () -> runtime, CLOCK).create(service, CHECK);
    }

    @AfterEach
    void cleanUp() throws InterruptedException {
        if (timer != null) {
            stop(timer);
        }
        runtime.close();
        TestEngine.removeStack(ENGINE.engine(), STACK);
    }

    private String container() {
        return VigilLabels.containerName(STACK, "web");
    }

    private int linesOfChecks() {
        ExecResult cat = runtime.exec(container(), TestEngine.sh("cat /tmp/checks 2>/dev/null || true"),
                Duration.ofSeconds(5));
        return (int) cat.output().lines().count();
    }

    private void awaitOkFile() {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> runtime.exec(container(),
                TestEngine.sh("test -f /tmp/ok"), Duration.ofSeconds(5)).success());
    }

    private void removeOkFile() {
        assertThat(runtime.exec(container(), List.of("busybox", "rm", "/tmp/ok"), Duration.ofSeconds(5)).success()).isTrue();
    }

    @Test
    void theExecProbeBecomesTheContainersHealthcheck() {
        runtime.start(service);

        HealthCheck healthcheck = ENGINE.engine().client().inspectContainerCmd(container()).exec().getConfig()
                .getHealthcheck();

        assertThat(healthcheck.getTest()).containsExactly("CMD-SHELL", "echo x >> /tmp/checks; test -f /tmp/ok");
        assertThat(healthcheck.getInterval()).isEqualTo(Duration.ofSeconds(1).toNanos());
        assertThat(healthcheck.getTimeout()).isEqualTo(Duration.ofMillis(500).toNanos());
        assertThat(healthcheck.getRetries()).isEqualTo(3);
    }

    @Test
    void whereTheEngineRunsNoHealthchecksVigilRunsTheCommandInside() {
        requirePodman("only Podman without systemd leaves healthchecks undone");
        TestEngine.require(!Files.isDirectory(Path.of("/run/systemd/system")),
                "this host runs systemd, through which Podman runs healthchecks itself; this case needs it not to");
        runtime.start(service);
        awaitOkFile();

        ProbeResult healthy = probe.check();
        removeOkFile();
        ProbeResult unhealthy = probe.check();

        assertThat(healthy).isEqualTo(new ProbeResult.Healthy("exit 0"));
        assertThat(unhealthy).isEqualTo(new ProbeResult.Unhealthy("exit 1"));
        assertThat(linesOfChecks()).isEqualTo(2);
        assertThat(runtime.engineHealth(container()).orElseThrow().checks()).isEmpty();
    }

    @Test
    void whereTheEngineRunsTheHealthcheckEachResultIsReportedOnceAndTheCommandNotRunAgain() throws Exception {
        requirePodman("the engine's schedule is driven here through Podman's healthcheck endpoint");
        Instance instance = runtime.start(service);
        awaitOkFile();
        // What systemd's timer does for Podman: run the container's healthcheck every interval.
        AtomicInteger engineRuns = new AtomicInteger();
        timer = everySecond(engineRuns);
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> !runtime.engineHealth(container()).orElseThrow().checks().isEmpty());

        List<ProbeResult> results = List.of(probe.check(), probe.check(), probe.check());

        assertThat(results).containsOnly(new ProbeResult.Healthy("engine's healthcheck: exit 0"));
        stop(timer);
        int runs = engineRuns.get();
        assertThat(runs).isBetween(3, 5);
        assertThat(linesOfChecks()).as("the command ran only when the engine ran it").isEqualTo(runs);

        removeOkFile();
        timer = everySecond(engineRuns);
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ZERO)
                .until(probe::check, r -> r.equals(new ProbeResult.Unhealthy("engine's healthcheck: exit 1")));

        stop(timer);
        int before = linesOfChecks();
        ProbeResult itself = probe.check();
        if (itself.detail().startsWith("engine's")) {
            // The engine's last run, if it came after the one above, is still its to report.
            itself = probe.check();
        }
        assertThat(itself).as("the engine stopped checking: Vigil runs the command")
                .isEqualTo(new ProbeResult.Unhealthy("exit 1"));
        assertThat(linesOfChecks()).isEqualTo(before + 1);
        assertThat(instance.isAlive()).isTrue();
    }

    @Test
    void aSilentEngineMakesTheCheckUnknownWithinItsLimitInsteadOfHoldingTheProbe(@TempDir Path sockets)
            throws Exception {
        Path relaySocket = sockets.resolve("relay.sock");
        try (SocketRelay relay = new SocketRelay(relaySocket, Path.of(URI.create(ENGINE.engine().host()).getPath()));
             Engine relayed = Engine.connect(Map.of("DOCKER_HOST", "unix://" + relaySocket));
             DockerRuntime through = new DockerRuntime(STACK, tempDir.resolve("relayed"), relayed)) {
            through.start(service);
            awaitOkFile();
            Probe relayedProbe = new ContainerProbes(ELSEWHERE, () -> through, CLOCK).create(service, CHECK);
            assertThat(relayedProbe.check()).isEqualTo(new ProbeResult.Healthy("exit 0"));

            relay.freeze();
            ProbeResult silent;
            try {
                silent = relayedProbe.check();
            } finally {
                relay.thaw();
            }

            // interval 1s + timeout 500ms + 1s for the engine's next check, then the command's 500ms, + 5s
            assertThat(silent).isEqualTo(new ProbeResult.Unknown("the container engine did not answer within 8s"));
        }
    }

    private ScheduledExecutorService everySecond(AtomicInteger runs) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
        executor.scheduleAtFixedRate(() -> {
            if (runEnginesHealthcheck(container()) == 200) {
                runs.incrementAndGet();
            }
        }, 0, 1, TimeUnit.SECONDS);
        return executor;
    }

    private static void stop(ScheduledExecutorService executor) throws InterruptedException {
        executor.shutdown();
        assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    /** For the Podman-only cases: on another engine they skip, or fail under VIGIL_REQUIRE_ENGINE (CI runs Podman). */
    private static void requirePodman(String why) {
        var version = ENGINE.engine().client().versionCmd().exec();
        List<String> components = version.getComponents() == null ? List.of() : version.getComponents().stream()
                .map(c -> String.valueOf(c.getName())).toList();
        TestEngine.require(components.stream().anyMatch(name -> name.contains("Podman")),
                "the engine at " + ENGINE.engine().host() + " is not Podman (its components: " + components + "), and "
                        + why);
    }

    /** Podman's libpod endpoint that runs a container's healthcheck once, as `podman healthcheck run` does. */
    private static int runEnginesHealthcheck(String container) {
        Path socket = Path.of(URI.create(ENGINE.engine().host()).getPath());
        try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            channel.connect(UnixDomainSocketAddress.of(socket));
            String request = "GET /v4.0.0/libpod/containers/" + container + "/healthcheck HTTP/1.0\r\nHost: d\r\n\r\n";
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.US_ASCII)));
            String response = new String(Channels.newInputStream(channel).readAllBytes(), StandardCharsets.UTF_8);
            return Integer.parseInt(response.split(" ", 3)[1]);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
