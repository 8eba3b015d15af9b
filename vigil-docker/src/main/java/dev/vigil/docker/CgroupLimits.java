package dev.vigil.docker;

import dev.vigil.stack.ContainerSpec.Resources;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The limits the kernel enforces on a container, read from its cgroup (v1 or v2). Inspect alone is not enough:
 * Podman 4.3's {@code podman update --memory} changes the cgroup while inspect keeps showing the old value.
 */
final class CgroupLimits {

    /** cgroup v1 writes "no limit" as LONG_MAX rounded down to a page; anything this large is no limit. */
    private static final long UNLIMITED = 1L << 62;

    private final Path proc;
    private final Path cgroupRoot;

    CgroupLimits(Path proc, Path cgroupRoot) {
        this.proc = proc;
        this.cgroupRoot = cgroupRoot;
    }

    static CgroupLimits host() {
        return new CgroupLimits(Path.of("/proc"), Path.of("/sys/fs/cgroup"));
    }

    /**
     * The limits of the process {@code pid}, when its cgroup can be read here and names {@code containerId}
     * (so a pid from another pid namespace, e.g. a remote engine's, is never mistaken for a local process).
     */
    Optional<Resources> of(long pid, String containerId) {
        List<String> lines;
        try {
            lines = Files.readAllLines(proc.resolve(Long.toString(pid)).resolve("cgroup"));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        if (lines.stream().noneMatch(line -> line.contains(containerId))) {
            return Optional.empty();
        }
        Optional<Path> memory = dir(lines, "memory");
        Optional<Path> cpu = dir(lines, "cpu");
        Optional<Path> pids = dir(lines, "pids");
        Optional<Path> unified = dir(lines, "");
        Optional<Optional<Long>> mem = memory.flatMap(d -> read(d.resolve("memory.limit_in_bytes")))
                .or(() -> unified.flatMap(d -> read(d.resolve("memory.max"))))
                .map(CgroupLimits::limit);
        Optional<Optional<Double>> cpus = cpu.flatMap(CgroupLimits::v1Cpus)
                .or(() -> unified.flatMap(d -> read(d.resolve("cpu.max"))).map(CgroupLimits::v2Cpus));
        Optional<Optional<Long>> pidsMax = pids.flatMap(d -> read(d.resolve("pids.max")))
                .or(() -> unified.flatMap(d -> read(d.resolve("pids.max"))))
                .map(CgroupLimits::limit);
        if (mem.isEmpty() && cpus.isEmpty() && pidsMax.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Resources(mem.flatMap(m -> m), cpus.flatMap(c -> c), pidsMax.flatMap(p -> p)));
    }

    /** The directory of a v1 controller ({@code memory}, {@code cpu}, ...) or, for "", of the v2 hierarchy. */
    private Optional<Path> dir(List<String> lines, String controller) {
        for (String line : lines) {
            String[] parts = line.split(":", 3);
            if (parts.length < 3) {
                continue;
            }
            String relative = parts[2].replaceFirst("^/", "");
            if (controller.isEmpty() && parts[1].isEmpty()) {
                Path dir = cgroupRoot.resolve(relative);
                if (Files.isDirectory(dir)) {
                    return Optional.of(dir);
                }
                Path hybrid = cgroupRoot.resolve("unified").resolve(relative);
                return Files.isDirectory(hybrid) ? Optional.of(hybrid) : Optional.empty();
            }
            if (!controller.isEmpty() && List.of(parts[1].split(",")).contains(controller)) {
                Path dir = cgroupRoot.resolve(parts[1]).resolve(relative);
                return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
            }
        }
        return Optional.empty();
    }

    private static Optional<String> read(Path file) {
        try {
            return Optional.of(Files.readString(file).strip());
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> limit(String text) {
        if (text.equals("max")) {
            return Optional.empty();
        }
        try {
            long value = Long.parseLong(text);
            return value <= 0 || value >= UNLIMITED ? Optional.empty() : Optional.of(value);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Optional<Double>> v1Cpus(Path dir) {
        Optional<String> quota = read(dir.resolve("cpu.cfs_quota_us"));
        Optional<String> period = read(dir.resolve("cpu.cfs_period_us"));
        if (quota.isEmpty() || period.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(cpus(quota.get(), period.get()));
    }

    private static Optional<Double> v2Cpus(String cpuMax) {
        String[] parts = cpuMax.split("\\s+");
        return parts.length == 2 ? cpus(parts[0], parts[1]) : Optional.empty();
    }

    private static Optional<Double> cpus(String quota, String period) {
        try {
            long q = Long.parseLong(quota);
            long p = Long.parseLong(period);
            return q <= 0 || p <= 0 ? Optional.empty() : Optional.of((double) q / p);
        } catch (NumberFormatException e) {
            return Optional.empty(); // "max": no quota
        }
    }
}
