package dev.vigil.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a container's cgroup on this host from its main process: the one place that knows how
 * {@code /proc/<pid>/cgroup} maps onto the mounted hierarchies (cgroup v1, v2, or both on a hybrid host). Both
 * roots are injectable so that tests can lay out either version in a directory.
 */
final class Cgroups {

    private final Path proc;
    private final Path root;

    Cgroups(Path proc, Path root) {
        this.proc = proc;
        this.root = root;
    }

    static Cgroups host() {
        return new Cgroups(Path.of("/proc"), Path.of("/sys/fs/cgroup"));
    }

    /**
     * The cgroup of the process {@code pid}, when it can be read here and names {@code containerId} (so a pid from
     * another pid namespace, e.g. a remote engine's, is never mistaken for a local process).
     */
    Optional<ContainerCgroup> find(long pid, String containerId) {
        List<String> lines;
        try {
            lines = Files.readAllLines(proc.resolve(Long.toString(pid)).resolve("cgroup"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (lines.stream().noneMatch(line -> line.contains(containerId))) {
            return Optional.empty();
        }
        Map<String, Path> controllers = new HashMap<>();
        Optional<Path> unified = Optional.empty();
        for (String line : lines) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            String relative = parts[2].replaceFirst("^/", "");
            if (parts[1].isEmpty()) {
                unified = v2Dir(relative);
                continue;
            }
            // A v1 hierarchy is mounted under its controllers' names as listed: "cpu,cpuacct".
            Path dir = root.resolve(parts[1]).resolve(relative);
            if (Files.isDirectory(dir)) {
                for (String controller : parts[1].split(",")) {
                    controllers.put(controller, dir);
                }
            }
        }
        if (controllers.isEmpty() && unified.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new ContainerCgroup(proc, Map.copyOf(controllers), unified));
    }

    /** The v2 directory: under the root on a v2-only host, under {@code unified} on a hybrid one. */
    private Optional<Path> v2Dir(String relative) {
        Path dir = root.resolve(relative);
        if (Files.isDirectory(dir)) {
            return Optional.of(dir);
        }
        Path hybrid = root.resolve("unified").resolve(relative);
        return Files.isDirectory(hybrid) ? Optional.of(hybrid) : Optional.empty();
    }
}
