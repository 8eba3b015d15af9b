package dev.vigil.docker;

import dev.vigil.runtime.ExitStatus;
import dev.vigil.runtime.Instance;
import dev.vigil.stack.ContainerSpec;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.time.ManualScheduler;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The event stream breaks for real (every connection to the engine cut); the runtime reconnects by itself. */
class EventStreamRecoveryTest {

    private static final String STACK = "recover-" + UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path tempDir;

    private Engine direct;

    @AfterEach
    void cleanUp() {
        if (direct != null) {
            TestEngine.removeStack(direct, STACK);
            direct.close();
        }
    }

    @Test
    void anExitAfterTheConnectionBrokeIsStillReported() throws Exception {
        direct = TestEngine.connect();
        Path engineSocket = Path.of(URI.create(direct.host()).getPath());
        Path relaySocket = tempDir.resolve("relay.sock");
        try (SocketRelay relay = new SocketRelay(relaySocket, engineSocket);
             Engine relayed = Engine.connect(Map.of("DOCKER_HOST", "unix://" + relaySocket));
             DockerRuntime runtime = new DockerRuntime(STACK, tempDir.resolve("logs"), relayed)) {
            Instance instance = runtime.start(ServiceSpec.of("victim", TestEngine.sh("sleep 1000"), tempDir)
                    .withContainer(ContainerSpec.of(TestEngine.IMAGE)));

            relay.breakConnections();
            direct.client().killContainerCmd(instance.id()).withSignal("SIGKILL").exec();

            assertThat(instance.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(ExitStatus.killed(9));
        }
    }

    @Test
    void theReconnectWaitsItsRetryDelayOnTheSchedulersTime() throws Exception {
        direct = TestEngine.connect();
        Path engineSocket = Path.of(URI.create(direct.host()).getPath());
        Path relaySocket = tempDir.resolve("relay.sock");
        ManualScheduler clock = new ManualScheduler(Instant.now());
        try (SocketRelay relay = new SocketRelay(relaySocket, engineSocket);
             Engine relayed = Engine.connect(Map.of("DOCKER_HOST", "unix://" + relaySocket));
             DockerRuntime runtime = new DockerRuntime(STACK, tempDir.resolve("logs"), relayed, clock)) {
            Instance instance = runtime.start(ServiceSpec.of("victim", TestEngine.sh("sleep 1000"), tempDir)
                    .withContainer(ContainerSpec.of(TestEngine.IMAGE)));

            relay.breakConnections();
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> clock.pendingTimers() == 1);
            direct.client().killContainerCmd(instance.id()).withSignal("SIGKILL").exec();
            assertThat(instance.onExit()).as("nobody reads the engine until the retry is due").isNotDone();

            clock.advance(ExitEvents.RETRY);

            assertThat(instance.onExit().get(10, TimeUnit.SECONDS)).isEqualTo(ExitStatus.killed(9));
            assertThat(clock.pendingTimers()).isZero();
        }
    }
}
