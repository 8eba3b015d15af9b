package dev.vigil.docker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One container's cgroup on this host, as {@link Cgroups#find} found it: its directory in each v1 controller, its
 * v2 directory, or both (a hybrid host, where the v1 controllers hold the counters), and the {@code /proc} its
 * processes are listed in.
 */
record ContainerCgroup(Path proc, Map<String, Path> controllers, Optional<Path> unified) {

    /** The directory of the v1 {@code controller} ({@code memory}, {@code cpuacct}, ...), when it is mounted. */
    Optional<Path> v1(String controller) {
        return Optional.ofNullable(controllers.get(controller));
    }

    /** The directory in the v2 hierarchy, when there is one. */
    Optional<Path> v2() {
        return unified;
    }

    /** The pids of its processes ({@code cgroup.procs}); empty when that cannot be read. */
    Optional<List<Long>> processes() {
        Optional<String> procs = unified.flatMap(dir -> read(dir.resolve("cgroup.procs")));
        for (Path dir : controllers.values()) {
            procs = procs.or(() -> read(dir.resolve("cgroup.procs")));
        }
        try {
            return procs.map(text -> text.lines().filter(line -> !line.isBlank()).map(Long::parseLong).toList());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** A cgroup file's text, stripped; empty when it is missing or cannot be read. */
    static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file).strip());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A file holding one number ({@code memory.current}); empty when it is missing or holds something else. */
    static OptionalLong number(Path file) {
        return read(file).map(ContainerCgroup::parse).orElse(OptionalLong.empty());
    }

    /** The value of {@code key} in a flat-keyed file ({@code memory.stat}, {@code cpu.stat}: "key value" lines). */
    static OptionalLong keyed(Path file, String key) {
        return read(file).flatMap(text -> text.lines()
                .map(line -> line.split("\\s+"))
                .filter(parts -> parts.length == 2 && parts[0].equals(key))
                .findFirst())
                .map(parts -> parse(parts[1]))
                .orElse(OptionalLong.empty());
    }

    /** A number as the kernel writes it; empty for anything else ("max"). */
    static OptionalLong parse(String text) {
        try {
            return OptionalLong.of(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }
}
