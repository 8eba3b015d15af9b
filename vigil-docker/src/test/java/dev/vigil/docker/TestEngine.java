package dev.vigil.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.vigil.runtime.StartFailure;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The real engine the tests run against: DOCKER_HOST, else the socket scripts/container-engine.sh serves. With
 * no engine, or without something a test needs beside it (the podman CLI, Podman itself, the local registry), the
 * test is skipped loudly, unless VIGIL_REQUIRE_ENGINE is set (CI), where that is a failure.
 */
final class TestEngine {

    static final String REQUIRE_ENV = "VIGIL_REQUIRE_ENGINE";

    static final String IMAGE = "localhost/busybox:test";
    static final String IMAGE_WITH_HEALTHCHECK = "localhost/busybox-healthcheck:test";
    /** The test image in the local registry that scripts/container-engine.sh runs (plain HTTP). */
    static final String REGISTRY_IMAGE = "127.0.0.1:5111/vigil/busybox:test";
    static final String SCRIPT_HOST = "unix:///tmp/vigil-podman.sock";

    private TestEngine() {
    }

    static Engine connect() {
        Map<String, String> env = new HashMap<>(System.getenv());
        if (env.getOrDefault("DOCKER_HOST", "").isBlank()) {
            env.put("DOCKER_HOST", SCRIPT_HOST);
        }
        try {
            return Engine.connect(env);
        } catch (StartFailure e) {
            return unavailable(e.getMessage(), e); // which says how to start one
        }
    }

    /** Goes on when {@code met}, else {@link #unavailable}: the test fails under VIGIL_REQUIRE_ENGINE, or skips. */
    static void require(boolean met, String missing) {
        if (!met) {
            unavailable(missing, null);
        }
    }

    /**
     * Ends the calling test for want of {@code missing}: a failure where VIGIL_REQUIRE_ENGINE is set (CI), which must
     * run every engine test, and a loud skip elsewhere. Never returns.
     */
    static <T> T unavailable(String missing, Throwable cause) {
        if (!System.getenv().getOrDefault(REQUIRE_ENV, "").isBlank()) {
            throw new AssertionError(REQUIRE_ENV + " is set but " + missing, cause);
        }
        String loud = "\n*** SKIPPING: " + missing + "\n*** (set " + REQUIRE_ENV + "=1 to fail instead)\n";
        System.err.println(loud);
        return Assumptions.abort(loud);
    }

    /** The podman CLI on the PATH, which some tests drive the engine with; {@link #require}d. */
    static String podman() {
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "podman"))
                .filter(Files::isExecutable)
                .findFirst();
        require(found.isPresent(), "there is no podman command on the PATH (scripts/container-engine.sh installs it)");
        return found.orElseThrow().toString();
    }

    /** Removes every container and network labelled with the stack: tests leave nothing behind, even failed. */
    static void removeStack(Engine engine, String stack) {
        DockerClient client = engine.client();
        Map<String, String> label = Map.of(VigilLabels.STACK, stack);
        client.listContainersCmd().withShowAll(true).withLabelFilter(label).exec()
                .forEach(c -> removeContainer(engine, c.getId()));
        var volumes = client.listVolumesCmd().withFilter("label", List.of(VigilLabels.STACK + "=" + stack)).exec()
                .getVolumes();
        if (volumes != null) {
            volumes.forEach(v -> client.removeVolumeCmd(v.getName()).exec());
        }
        client.listNetworksCmd().exec().stream()
                .filter(n -> n.getLabels() != null && stack.equals(n.getLabels().get(VigilLabels.STACK)))
                .forEach(n -> client.removeNetworkCmd(n.getId()).exec());
    }

    static void removeContainer(Engine engine, String idOrName) {
        try {
            engine.client().removeContainerCmd(idOrName).withForce(true).exec();
        } catch (NotFoundException e) {
            // Already gone.
        }
    }

    /**
     * {@value #IMAGE_WITH_HEALTHCHECK}: the test image with {@code HEALTHCHECK --interval=2s --timeout=1s --retries=2
     * CMD test -f /tmp/ok}, built from it by the podman CLI through the engine's socket (docker format: OCI images
     * carry no HEALTHCHECK). Without a podman CLI the calling test fails under VIGIL_REQUIRE_ENGINE, else skips.
     */
    static String imageWithHealthcheck(Engine engine, Path dir) throws IOException, InterruptedException {
        String podman = podman();
        Path context = Files.createDirectories(dir.resolve("image-with-healthcheck"));
        Files.writeString(context.resolve("Containerfile"), "FROM " + IMAGE + "\n"
                + "HEALTHCHECK --interval=2s --timeout=1s --retries=2 CMD test -f /tmp/ok\n");
        Process build = new ProcessBuilder(podman, "--url", engine.host(), "build", "--format", "docker", "-q",
                "-t", IMAGE_WITH_HEALTHCHECK, context.toString()).redirectErrorStream(true).start();
        String output = new String(build.getInputStream().readAllBytes());
        if (build.waitFor() != 0) {
            throw new AssertionError("podman build failed: " + output);
        }
        return IMAGE_WITH_HEALTHCHECK;
    }

    /**
     * Skips the calling test loudly when the local registry of scripts/container-engine.sh does not answer, or
     * fails it where VIGIL_REQUIRE_ENGINE is set (CI).
     */
    static void requireRegistry() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", 5111), 1000);
        } catch (IOException e) {
            unavailable("no local registry on 127.0.0.1:5111 (scripts/container-engine.sh starts one): " + e, e);
        }
    }

    static List<String> sh(String script) {
        return List.of("sh", "-c", script);
    }
}
