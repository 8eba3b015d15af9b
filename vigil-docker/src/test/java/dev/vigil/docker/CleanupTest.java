package dev.vigil.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Volume;
import dev.vigil.docker.CleanupItem.DanglingImage;
import dev.vigil.docker.CleanupItem.RotatedLog;
import dev.vigil.docker.CleanupItem.StoppedContainer;
import dev.vigil.docker.CleanupItem.UnusedVolume;
import dev.vigil.stack.ContainerSpec;
import dev.vigil.stack.ContainerSpec.VolumeMount;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Stack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** What cleanup finds and removes on a real engine, and what it never touches. */
class CleanupTest {

    /** Put on everything the tests create, Vigil's or not, so that all of it is removed afterwards. */
    private static final String RUN_LABEL = "test.vigil.cleanup-run";
    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String STACK = "cu-" + RUN;
    @RegisterExtension
    static final RealEngine ENGINE = new RealEngine();

    @TempDir
    Path dir;

    private Path logs;
    private final List<String> images = new ArrayList<>();

    @BeforeEach
    void rotatedLogs() throws Exception {
        logs = dir.resolve("logs");
        Files.createDirectories(logs.resolve("web"));
        Files.writeString(logs.resolve("web/web.log"), "live\n");
        Files.writeString(logs.resolve("web/web.log.1"), "x".repeat(5000));
        Files.writeString(logs.resolve("web/web.log.2"), "y".repeat(3000));
        Files.writeString(logs.resolve("web/notes.txt"), "not a log\n");
    }

    @AfterEach
    void removeEverythingCreated() {
        DockerClient client = ENGINE.engine().client();
        client.listContainersCmd().withShowAll(true).withLabelFilter(Map.of(RUN_LABEL, RUN)).exec()
                .forEach(c -> TestEngine.removeContainer(ENGINE.engine(), c.getId()));
        TestEngine.removeStack(ENGINE.engine(), STACK);
        var volumes = client.listVolumesCmd().exec().getVolumes();
        if (volumes != null) {
            volumes.stream().filter(v -> v.getLabels() != null && RUN.equals(v.getLabels().get(RUN_LABEL)))
                    .forEach(v -> quietly(() -> client.removeVolumeCmd(v.getName()).exec()));
        }
        images.forEach(id -> quietly(() -> client.removeImageCmd(id).withForce(true).exec()));
    }

    private static void quietly(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            // Already gone.
        }
    }

    private Stack stack(String... volumeNames) {
        List<VolumeMount> mounts = new ArrayList<>();
        for (String v : volumeNames) {
            mounts.add(new VolumeMount(VolumeMount.Kind.VOLUME, v, "/data-" + v, false));
        }
        ContainerSpec spec = new ContainerSpec(TestEngine.IMAGE, Optional.empty(), List.of(), mounts,
                Optional.empty(), ContainerSpec.Resources.NONE, Map.of());
        return new Stack(STACK, dir.resolve("vigil.yaml"),
                List.of(ServiceSpec.of("web", List.of("sleep", "1"), dir).withContainer(spec)));
    }

    /** A container that ran and exited; {@code labels} decide whose it is. */
    private String exited(Map<String, String> labels, String... volumes) {
        Map<String, String> all = new java.util.HashMap<>(labels);
        all.put(RUN_LABEL, RUN);
        List<Bind> binds = new ArrayList<>();
        for (String v : volumes) {
            binds.add(new Bind(v, new Volume("/mnt/" + v)));
        }
        String id = ENGINE.engine().client().createContainerCmd(TestEngine.IMAGE).withCmd("true").withLabels(all)
                .withHostConfig(HostConfig.newHostConfig().withBinds(binds)).exec().getId();
        ENGINE.engine().client().startContainerCmd(id).exec();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(20)).until(() ->
                "exited".equals(ENGINE.engine().client().inspectContainerCmd(id).exec().getState().getStatus()));
        return id;
    }

    private Map<String, String> vigils(String stack) {
        return Map.of(VigilLabels.STACK, stack, VigilLabels.SERVICE, "web");
    }

    private String volume(String name, Map<String, String> labels) {
        Map<String, String> all = new java.util.HashMap<>(labels);
        all.put(RUN_LABEL, RUN);
        return ENGINE.engine().client().createVolumeCmd().withName(name).withLabels(all).exec().getName();
    }

    private boolean containerExists(String id) {
        try {
            ENGINE.engine().client().inspectContainerCmd(id).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    private boolean volumeExists(String name) {
        try {
            ENGINE.engine().client().inspectVolumeCmd(name).exec();
            return true;
        } catch (NotFoundException e) {
            return false;
        }
    }

    /** The plan without dangling images that this test did not make: the engine is shared. */
    private CleanupReport ours(CleanupReport plan) {
        return new CleanupReport(plan.items().stream().filter(item -> !(item instanceof DanglingImage image)
                || images.stream().anyMatch(id -> id.replaceFirst("^sha256:", "").startsWith(image.id()))).toList(),
                List.of());
    }

    @Test
    void aDryRunListsStoppedContainersAndRotatedLogsAndRemovesNothing() {
        String mine = exited(vigils(STACK));
        Cleanup cleanup = new Cleanup(Optional.of(ENGINE.engine()));

        CleanupReport plan = cleanup.plan(stack(), logs, false);

        assertThat(plan.items()).filteredOn(StoppedContainer.class::isInstance)
                .extracting(item -> ((StoppedContainer) item).id()).containsExactly(mine.substring(0, 12));
        assertThat(plan.items()).filteredOn(RotatedLog.class::isInstance)
                .extracting(item -> ((RotatedLog) item).file())
                .containsExactly(logs.resolve("web/web.log.1"), logs.resolve("web/web.log.2"));
        assertThat(plan.bytes()).isGreaterThanOrEqualTo(8000);
        assertThat(containerExists(mine)).isTrue();
        assertThat(logs.resolve("web/web.log.1")).exists();
    }

    @Test
    void removingTakesTheStacksLeftoversAndNeverAnyoneElses() {
        String mine = exited(vigils(STACK));
        String otherStack = exited(vigils("other-" + RUN));
        String foreign = exited(Map.of());
        String foreignVolume = volume("cu-foreign-" + RUN, Map.of());
        Cleanup cleanup = new Cleanup(Optional.of(ENGINE.engine()));

        CleanupReport removed = cleanup.remove(ours(cleanup.plan(stack(), logs, true)));

        assertThat(removed.failures()).isEmpty();
        assertThat(removed.items()).extracting(CleanupItem::describe)
                .anyMatch(text -> text.contains(mine.substring(0, 12)));
        assertThat(removed.bytes()).isGreaterThanOrEqualTo(8000);
        assertThat(containerExists(mine)).isFalse();
        assertThat(logs.resolve("web/web.log.1")).doesNotExist();
        assertThat(logs.resolve("web/web.log.2")).doesNotExist();
        assertThat(logs.resolve("web/web.log")).exists();
        assertThat(logs.resolve("web/notes.txt")).exists();
        assertThat(containerExists(otherStack)).isTrue();
        assertThat(containerExists(foreign)).isTrue();
        assertThat(volumeExists(foreignVolume)).isTrue();
    }

    @Test
    void onlyTheStacksUnusedVolumesGoAndOnlyWhenAskedFor() {
        String labelled = volume("cu-labelled-" + RUN, Map.of(VigilLabels.STACK, STACK));
        String named = volume("cu-named-" + RUN, Map.of());
        String mounted = volume("cu-mounted-" + RUN, Map.of(VigilLabels.STACK, STACK));
        // Mounted by a stopped container of another stack: still in use.
        exited(vigils("other-" + RUN), mounted);
        Cleanup cleanup = new Cleanup(Optional.of(ENGINE.engine()));

        assertThat(cleanup.plan(stack(named), logs, false).items()).noneMatch(UnusedVolume.class::isInstance);
        CleanupReport plan = cleanup.plan(stack(named), logs, true);
        assertThat(plan.items()).filteredOn(UnusedVolume.class::isInstance).extracting(CleanupItem::describe)
                .containsExactlyInAnyOrder("volume " + labelled, "volume " + named);

        CleanupReport removed = cleanup.remove(ours(plan));

        assertThat(removed.failures()).isEmpty();
        assertThat(volumeExists(labelled)).isFalse();
        assertThat(volumeExists(named)).isFalse();
        assertThat(volumeExists(mounted)).isTrue();
    }

    @Test
    void aDanglingImageGoesOnlyWhileNoContainerUsesIt() {
        String source = exited(Map.of());
        String image = ENGINE.engine().client().commitCmd(source).withLabels(Map.of(RUN_LABEL, RUN)).exec();
        images.add(image);
        String shortId = image.replaceFirst("^sha256:", "").substring(0, 12);
        Cleanup cleanup = new Cleanup(Optional.of(ENGINE.engine()));

        assertThat(cleanup.plan(stack(), logs, false).items()).extracting(CleanupItem::describe)
                .contains("dangling image " + shortId);
        String user = ENGINE.engine().client().createContainerCmd(image).withCmd("true")
                .withLabels(Map.of(RUN_LABEL, RUN)).exec().getId();
        assertThat(cleanup.plan(stack(), logs, false).items()).extracting(CleanupItem::describe)
                .doesNotContain("dangling image " + shortId);
        TestEngine.removeContainer(ENGINE.engine(), user);

        CleanupReport removed = cleanup.remove(ours(cleanup.plan(stack(), logs, false)));

        assertThat(removed.failures()).isEmpty();
        assertThat(removed.items()).extracting(CleanupItem::describe).contains("dangling image " + shortId);
        assertThat(ENGINE.engine().client().listImagesCmd().withDanglingFilter(true).exec())
                .noneMatch(i -> i.getId().contains(shortId));
    }
}
