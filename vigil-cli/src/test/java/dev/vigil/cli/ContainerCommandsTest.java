package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.core.DefaultDockerClientConfig;
import com.github.dockerjava.core.DockerClientImpl;
import com.github.dockerjava.httpclient5.ApacheDockerHttpClient;
import dev.vigil.docker.DockerRuntime;
import dev.vigil.docker.Engine;
import dev.vigil.stack.StackLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** {@code vigil check limits} and {@code vigil cleanup} as a user runs them, against a real engine. */
class ContainerCommandsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SCRIPT_HOST = "unix:///tmp/vigil-podman.sock";
    private static final String STACK_LABEL = "dev.vigil.stack";
    private static String host;
    private static DockerClient docker;

    @TempDir
    Path dir;

    private String stack;
    private VigilJvm vigil;
    private final List<String> images = new ArrayList<>();

    /**
     * Ends the calling test for want of {@code missing}: a failure where VIGIL_REQUIRE_ENGINE is set (CI), which must
     * run every engine test, and a loud skip elsewhere.
     */
    private static void unavailable(String missing, Throwable cause) {
        if (!System.getenv().getOrDefault("VIGIL_REQUIRE_ENGINE", "").isBlank()) {
            throw new AssertionError("VIGIL_REQUIRE_ENGINE is set but " + missing, cause);
        }
        System.err.println("!!! ContainerCommandsTest SKIPPED: " + missing);
        Assumptions.abort(missing + " (set VIGIL_REQUIRE_ENGINE=1 to fail instead)");
    }

    /** The podman CLI on the PATH; {@link #unavailable} without one. */
    private static String podman() {
        Optional<Path> found = Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .filter(dir -> !dir.isEmpty())
                .map(dir -> Path.of(dir, "podman"))
                .filter(Files::isExecutable)
                .findFirst();
        if (found.isEmpty()) {
            unavailable("there is no podman command on the PATH (scripts/container-engine.sh installs it)", null);
        }
        return found.orElseThrow().toString();
    }

    @BeforeAll
    static void engine() {
        host = System.getenv().getOrDefault("DOCKER_HOST", "").isBlank() ? SCRIPT_HOST : System.getenv("DOCKER_HOST");
        try (Engine engine = Engine.connect(Map.of("DOCKER_HOST", host))) {
            engine.host();
        } catch (RuntimeException e) {
            unavailable(e.getMessage(), e);
        }
        docker = DockerClientImpl.getInstance(DefaultDockerClientConfig.createDefaultConfigBuilder()
                .withDockerHost(host).build(), new ApacheDockerHttpClient.Builder().dockerHost(URI.create(host)).build());
    }

    @BeforeEach
    void stackFile() throws Exception {
        stack = "cc" + Long.toHexString(ThreadLocalRandom.current().nextLong() & 0xffffffL);
        vigil = new VigilJvm(dir, Map.of("DOCKER_HOST", host));
        Files.writeString(dir.resolve("vigil.yaml"), """
                name: %s
                services:
                  web:
                    image: localhost/busybox:test
                    command: ["sleep", "300"]
                    resources: {memory: 64M, cpus: 0.5, pids: 64}
                  worker:
                    image: localhost/busybox:test
                    command: ["sleep", "300"]
                  job:
                    command: ["sleep", "1"]
                    memory_limit: {max: 32M}
                """.formatted(stack));
    }

    /** Everything with the stack's label, or the test's, and the images the test made go: also when a test failed. */
    @AfterEach
    void removeContainers() {
        for (String label : new String[] {STACK_LABEL + "=" + stack, "test.vigil.run=" + stack}) {
            String[] kv = label.split("=", 2);
            docker.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(kv[0], kv[1])).exec()
                    .forEach(c -> docker.removeContainerCmd(c.getId()).withForce(true).exec());
        }
        docker.listNetworksCmd().exec().stream()
                .filter(n -> n.getLabels() != null && stack.equals(n.getLabels().get(STACK_LABEL)))
                .forEach(n -> docker.removeNetworkCmd(n.getId()).exec());
        // Only those still there (a passing cleanup test removed its own): Podman answers 500, not 404, for the
        // full id of an image that is gone.
        docker.listImagesCmd().withShowAll(true).exec().stream().map(Image::getId)
                .filter(id -> images.stream().anyMatch(mine -> id.replaceFirst("^sha256:", "")
                        .equals(mine.replaceFirst("^sha256:", ""))))
                .forEach(id -> docker.removeImageCmd(id).withForce(true).exec());
    }

    private void startServices(String... names) throws Exception {
        var spec = StackLoader.load(dir.resolve("vigil.yaml"));
        try (Engine engine = Engine.connect(Map.of("DOCKER_HOST", host));
             DockerRuntime runtime = new DockerRuntime(stack, dir.resolve(".vigil/logs"), engine)) {
            for (String name : names) {
                runtime.start(spec.service(name).orElseThrow());
            }
        }
    }

    @Test
    void checkLimitsIsOkWhenTheContainersHaveWhatTheFileDeclares() throws Exception {
        startServices("web", "worker");

        VigilJvm.Result r = vigil.run("check", "limits");

        assertThat(r.code()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).containsPattern("web +vigil-" + stack + "-web +64M/64M +0.5/0.5 +64/64 +ok");
        assertThat(r.out()).containsPattern("worker +vigil-" + stack + "-worker .* ok");
        assertThat(r.out()).containsPattern("job +- +- +- +- +process: not a container");
        assertThat(r.out()).contains("declared memory: 64M of ");
    }

    @Test
    void checkLimitsFailsOnAMemoryLimitChangedBehindVigilsBack() throws Exception {
        startServices("web");
        Process update = new ProcessBuilder(podman(), "--url", host, "update", "--memory", "128m", "--memory-swap",
                "128m", "vigil-" + stack + "-web").redirectErrorStream(true).start();
        assertThat(update.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(update.exitValue()).isZero();

        VigilJvm.Result table = vigil.run("check", "limits");
        VigilJvm.Result json = vigil.run("check", "limits", "--json");

        assertThat(table.code()).isEqualTo(1);
        assertThat(table.out()).containsPattern("web .* 64M/128M .*drift: memory declared 64M, actual 128M");
        assertThat(table.out()).containsPattern("worker +- .* not running");
        assertThat(json.code()).isEqualTo(1);
        JsonNode root = JSON.readTree(json.out());
        assertThat(root.path("failed").asBoolean()).isTrue();
        JsonNode web = root.path("services").get(0);
        assertThat(web.path("verdict").asText()).isEqualTo("drift");
        assertThat(web.path("declared").path("memory").asLong()).isEqualTo(64L << 20);
        assertThat(web.path("actual").path("memory").asLong()).isEqualTo(128L << 20);
    }

    @Test
    void checkLimitsWithRequireFailsOnAServiceDeclaringNoMemoryLimit() throws Exception {
        startServices("web", "worker");

        VigilJvm.Result r = vigil.run("check", "limits", "--require", "memory");
        VigilJvm.Result bad = vigil.run("check", "limits", "--require", "disk");

        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).containsPattern("worker .*missing: no memory limit declared");
        assertThat(r.out()).containsPattern("web .* ok");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown limit `disk`");
    }

    @Test
    void checkLimitsWithoutAnEngineFailsWithTheEnginesMessage() throws Exception {
        VigilJvm.Started s = vigil.start(Map.of("DOCKER_HOST", "unix://" + dir.resolve("no.sock")),
                "check", "limits");
        assertThat(s.process().waitFor(60, TimeUnit.SECONDS)).isTrue();

        assertThat(s.process().exitValue()).isEqualTo(1);
        assertThat(Files.readString(s.err())).contains("no container engine answers");
    }

    private String exitedContainer(String name, Map<String, String> labels) {
        Map<String, String> all = new HashMap<>(labels);
        all.put("test.vigil.run", stack);
        String id = docker.createContainerCmd("localhost/busybox:test").withName(name).withCmd("true")
                .withLabels(all).exec().getId();
        docker.startContainerCmd(id).exec();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() ->
                "exited".equals(docker.inspectContainerCmd(id).exec().getState().getStatus()));
        return id.substring(0, 12);
    }

    private boolean exists(String id) {
        return docker.listContainersCmd().withShowAll(true).withIdFilter(java.util.List.of(id)).exec().size() == 1;
    }

    /** An untagged image of the test's own, committed from {@code container}; its short id. */
    private String danglingImage(String container) {
        String image = docker.commitCmd(container).withLabels(Map.of("test.vigil.run", stack)).exec();
        images.add(image);
        return image.replaceFirst("^sha256:", "").substring(0, 12);
    }

    /**
     * The engine is shared: each dangling image the test did not make is held in use by a container of the test's
     * (removed after it), which cleanup never removes an image from under. What cleanup lists is then the test's own.
     */
    private void holdOthersDanglingImages(String ours) {
        for (Image image : docker.listImagesCmd().withDanglingFilter(true).exec()) {
            if (!image.getId().replaceFirst("^sha256:", "").startsWith(ours)) {
                docker.createContainerCmd(image.getId()).withCmd("true").withLabels(Map.of("test.vigil.run", stack))
                        .exec();
            }
        }
    }

    private static List<String> lines(String out, String prefix) {
        return out.lines().filter(line -> line.startsWith(prefix)).toList();
    }

    @Test
    void cleanupListsByDefaultAndRemovesWithForce() throws Exception {
        String mine = exitedContainer("vigil-" + stack + "-web", Map.of(STACK_LABEL, stack, "dev.vigil.service", "web"));
        String foreign = exitedContainer("foreign-" + stack, Map.of());
        String image = danglingImage(foreign);
        holdOthersDanglingImages(image);
        Path logs = Files.createDirectories(dir.resolve(".vigil/logs/web"));
        Files.writeString(logs.resolve("web.log"), "live\n");
        Files.writeString(logs.resolve("web.log.1"), "x".repeat(4096));

        VigilJvm.Result dry = vigil.run("cleanup");

        assertThat(dry.code()).as(dry.err()).isZero();
        // Sizes as the engine counts them follow the container and the image.
        assertThat(lines(dry.out(), "would remove ")).as(dry.out()).satisfiesExactlyInAnyOrder(
                line -> assertThat(line).startsWith("would remove container vigil-" + stack + "-web (" + mine
                        + ", exited)  "),
                line -> assertThat(line).startsWith("would remove dangling image " + image + "  "),
                line -> assertThat(line).isEqualTo("would remove log " + logs.resolve("web.log.1") + "  4K"));
        assertThat(dry.out()).doesNotContain(foreign).doesNotContain("web.log ");
        assertThat(exists(mine)).isTrue();
        assertThat(logs.resolve("web.log.1")).exists();

        VigilJvm.Result forced = vigil.run("cleanup", "--force");

        assertThat(forced.code()).as(forced.err()).isZero();
        assertThat(forced.out()).contains("removed container vigil-" + stack + "-web (" + mine + ", exited)")
                .contains("removed dangling image " + image);
        assertThat(forced.out()).containsPattern("reclaimed [0-9.]+[KM] \\(3 items removed\\)");
        assertThat(exists(mine)).isFalse();
        assertThat(exists(foreign)).isTrue();
        assertThat(docker.listImagesCmd().withDanglingFilter(true).exec())
                .noneMatch(i -> i.getId().replaceFirst("^sha256:", "").startsWith(image));
        assertThat(logs.resolve("web.log.1")).doesNotExist();
        assertThat(logs.resolve("web.log")).exists();
    }

    @Test
    void cleanupIsRefusedWhileTheStacksDaemonIsStarting() throws Exception {
        String mine = exitedContainer("vigil-" + stack + "-web", Map.of(STACK_LABEL, stack, "dev.vigil.service", "web"));
        Path state = dir.resolve(".vigil");
        Files.createDirectories(state.resolve("run"));
        // This JVM stands in for a live daemon: its pid is alive for the whole test.
        new DaemonInfo(ProcessHandle.current().pid(), URI.create("http://127.0.0.1:1"), state,
                dir.resolve("vigil.yaml"), stack, Instant.now()).publish();
        Files.writeString(state.resolve("status.json"), "{\"schema\": 1, \"state\": \"starting\"}");

        VigilJvm.Result refused = vigil.run("cleanup", "--force");
        Files.writeString(state.resolve("status.json"), "{\"schema\": 1, \"state\": \"started\"}");
        VigilJvm.Result allowed = vigil.run("cleanup");
        VigilJvm.Result both = vigil.run("cleanup", "--force", "--dry-run");

        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("cleanup refused").contains("is starting");
        assertThat(exists(mine)).isTrue();
        assertThat(allowed.code()).as(allowed.err()).isZero();
        assertThat(allowed.out()).contains(mine);
        assertThat(both.code()).isEqualTo(2);
    }
}
