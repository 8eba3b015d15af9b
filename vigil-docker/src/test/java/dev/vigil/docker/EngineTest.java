package dev.vigil.docker;

import dev.vigil.runtime.StartFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EngineTest {

    @Test
    void anExplicitDockerHostIsTheOnlyPlaceTried() {
        assertThat(Engine.candidates(Map.of("DOCKER_HOST", "tcp://127.0.0.1:2375")))
                .containsExactly("tcp://127.0.0.1:2375");
    }

    @Test
    void withoutDockerHostTheUsualSocketsAreTried() {
        assertThat(Engine.candidates(Map.of("XDG_RUNTIME_DIR", "/run/user/1000"))).containsExactly(
                "unix:///var/run/docker.sock", "unix:///run/podman/podman.sock",
                "unix:///run/user/1000/podman/podman.sock");
    }

    @Test
    void noEngineIsOneMessageNamingEveryPlaceTried(@TempDir Path dir) {
        String nowhere = "unix://" + dir.resolve("no-engine.sock");

        assertThatThrownBy(() -> Engine.connect(Map.of("DOCKER_HOST", nowhere)))
                .isInstanceOf(StartFailure.class)
                .hasMessageStartingWith("no container engine answers; tried " + nowhere + " (")
                .hasMessageContaining("DOCKER_HOST");
    }

    @Test
    void theRuntimeFailsTheSameWayWhenNothingAnswers(@TempDir Path dir) {
        assertThatThrownBy(() -> new DockerRuntime("s", dir, Engine.connect(
                Map.of("DOCKER_HOST", "unix://" + dir.resolve("none.sock")))))
                .isInstanceOf(StartFailure.class).hasMessageContaining("none.sock");
    }
}
