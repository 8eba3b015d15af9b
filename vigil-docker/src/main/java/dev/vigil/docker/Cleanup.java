package dev.vigil.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.Image;
import dev.vigil.docker.CleanupItem.DanglingImage;
import dev.vigil.docker.CleanupItem.RotatedLog;
import dev.vigil.docker.CleanupItem.StoppedContainer;
import dev.vigil.docker.CleanupItem.UnusedVolume;
import dev.vigil.stack.ContainerSpec.VolumeMount;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Stack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds and removes what a stack leaves behind: its stopped containers, dangling images, (on request) its unused
 * volumes, and rotated logs. It never touches anything without Vigil's labels except dangling images, which by
 * definition belong to nobody; each removal asks the engine without force, so one that has come into use since
 * the plan is refused by the engine rather than removed.
 */
public final class Cleanup {

    /** States in which a container is doing something; anything else (exited, created, dead) is stopped. */
    private static final Set<String> ACTIVE = Set.of("running", "paused", "restarting", "removing");

    private final Optional<Engine> engine;

    /** Without an engine only rotated logs are found (a stack of processes needs none). */
    public Cleanup(Optional<Engine> engine) {
        this.engine = engine;
    }

    /** What a cleanup of {@code stack} would remove; {@code volumes} adds the stack's unused volumes. */
    public CleanupReport plan(Stack stack, Path logsDir, boolean volumes) {
        List<CleanupItem> items = new ArrayList<>();
        engine.ifPresent(e -> {
            DockerClient client = e.client();
            List<Container> all = client.listContainersCmd().withShowAll(true).withShowSize(true).exec();
            items.addAll(stoppedContainers(all, stack.name()));
            items.addAll(danglingImages(client, all));
            if (volumes) {
                items.addAll(unusedVolumes(client, all, stack));
            }
        });
        items.addAll(rotatedLogs(stack, logsDir));
        return new CleanupReport(items, List.of());
    }

    /** Removes the planned items; the report lists those removed and why any others were not. */
    public CleanupReport remove(CleanupReport plan) {
        List<CleanupItem> removed = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (CleanupItem item : plan.items()) {
            try {
                if (removeOne(item)) {
                    removed.add(item);
                }
            } catch (DockerException | IOException | IllegalStateException e) {
                failures.add(item.describe() + ": " + (e.getMessage() == null ? e.getClass().getSimpleName()
                        : e.getMessage().strip()));
            }
        }
        return new CleanupReport(removed, failures);
    }

    private boolean removeOne(CleanupItem item) throws IOException {
        return switch (item) {
            case StoppedContainer c -> removeContainer(c);
            case DanglingImage i -> {
                client().removeImageCmd(i.id()).withForce(false).exec();
                yield true;
            }
            case UnusedVolume v -> {
                client().removeVolumeCmd(v.name()).exec();
                yield true;
            }
            case RotatedLog log -> Files.deleteIfExists(log.file());
        };
    }

    /** Looked at again just before: a container restarted since the plan is left alone. */
    private boolean removeContainer(StoppedContainer c) {
        InspectContainerResponse now;
        try {
            now = client().inspectContainerCmd(c.id()).exec();
        } catch (NotFoundException e) {
            return false;
        }
        if (ACTIVE.contains(String.valueOf(now.getState().getStatus()))) {
            throw new IllegalStateException("it is " + now.getState().getStatus() + " again; left alone");
        }
        client().removeContainerCmd(c.id()).withForce(false).withRemoveVolumes(false).exec();
        return true;
    }

    private DockerClient client() {
        return engine.orElseThrow(() -> new IllegalStateException("no container engine")).client();
    }

    private static List<CleanupItem> stoppedContainers(List<Container> all, String stackName) {
        List<CleanupItem> items = new ArrayList<>();
        for (Container c : all) {
            Map<String, String> labels = c.getLabels() == null ? Map.of() : c.getLabels();
            if (!stackName.equals(labels.get(VigilLabels.STACK)) || ACTIVE.contains(String.valueOf(c.getState()))) {
                continue;
            }
            String name = c.getNames() == null || c.getNames().length == 0 ? c.getId()
                    : c.getNames()[0].replaceFirst("^/", "");
            items.add(new StoppedContainer(c.getId().substring(0, 12), name, String.valueOf(c.getState()),
                    c.getSizeRw() == null ? OptionalLong.empty() : OptionalLong.of(c.getSizeRw())));
        }
        return items;
    }

    private static List<CleanupItem> danglingImages(DockerClient client, List<Container> all) {
        Set<String> used = new HashSet<>();
        for (Container c : all) {
            if (c.getImageId() != null) {
                used.add(c.getImageId());
            }
        }
        List<CleanupItem> items = new ArrayList<>();
        for (Image image : client.listImagesCmd().withDanglingFilter(true).exec()) {
            if (used.contains(image.getId())) {
                continue;
            }
            String id = image.getId().replaceFirst("^sha256:", "");
            items.add(new DanglingImage(id.substring(0, Math.min(12, id.length())),
                    image.getSize() == null ? OptionalLong.empty() : OptionalLong.of(image.getSize())));
        }
        return items;
    }

    /** The stack's volumes (its label, or named in its file) that no container of any stack mounts. */
    private static List<CleanupItem> unusedVolumes(DockerClient client, List<Container> all, Stack stack) {
        Set<String> mounted = new HashSet<>();
        for (Container c : all) {
            try {
                var mounts = client.inspectContainerCmd(c.getId()).exec().getMounts();
                if (mounts != null) {
                    mounts.forEach(m -> {
                        if (m.getName() != null) {
                            mounted.add(m.getName());
                        }
                    });
                }
            } catch (NotFoundException e) {
                // Gone since the list: it mounts nothing any more.
            }
        }
        Set<String> named = new HashSet<>();
        for (ServiceSpec service : stack.services()) {
            service.container().ifPresent(c -> c.volumes().stream()
                    .filter(v -> v.kind() == VolumeMount.Kind.VOLUME).forEach(v -> named.add(v.source())));
        }
        List<CleanupItem> items = new ArrayList<>();
        List<InspectVolumeResponse> volumes = client.listVolumesCmd().exec().getVolumes();
        for (InspectVolumeResponse v : volumes == null ? List.<InspectVolumeResponse>of() : volumes) {
            Map<String, String> labels = v.getLabels() == null ? Map.of() : v.getLabels();
            boolean ours = stack.name().equals(labels.get(VigilLabels.STACK)) || named.contains(v.getName());
            if (ours && !mounted.contains(v.getName())) {
                items.add(new UnusedVolume(v.getName(), directorySize(v.getMountpoint())));
            }
        }
        return items;
    }

    private static final Pattern ROTATED = Pattern.compile("\\.log\\.\\d+");

    /** {@code <logs>/<svc>/<svc>.log.N} of the stack's services; the live {@code <svc>.log} stays. */
    static List<CleanupItem> rotatedLogs(Stack stack, Path logsDir) {
        List<CleanupItem> items = new ArrayList<>();
        for (ServiceSpec service : stack.services()) {
            Path dir = logsDir.resolve(service.name());
            if (!Files.isDirectory(dir)) {
                continue;
            }
            Pattern rotated = Pattern.compile(Pattern.quote(service.name()) + ROTATED.pattern());
            try (Stream<Path> files = Files.list(dir)) {
                files.filter(f -> rotated.matcher(f.getFileName().toString()).matches())
                        .filter(Files::isRegularFile)
                        .sorted()
                        .forEach(f -> items.add(new RotatedLog(f, size(f))));
            } catch (IOException e) {
                // An unreadable log directory has nothing Vigil can clean.
            }
        }
        return items;
    }

    private static OptionalLong size(Path file) {
        try {
            return OptionalLong.of(Files.size(file));
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }

    /** A local volume's size, when its directory is readable here (the engine's list does not say). */
    private static OptionalLong directorySize(String mountpoint) {
        if (mountpoint == null || mountpoint.isBlank() || !Files.isDirectory(Path.of(mountpoint))) {
            return OptionalLong.empty();
        }
        try (Stream<Path> files = Files.walk(Path.of(mountpoint))) {
            return OptionalLong.of(files.filter(Files::isRegularFile).mapToLong(f -> size(f).orElse(0)).sum());
        } catch (IOException | RuntimeException e) {
            return OptionalLong.empty();
        }
    }
}
