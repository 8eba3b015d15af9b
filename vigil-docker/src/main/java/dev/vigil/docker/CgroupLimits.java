package dev.vigil.docker;

import dev.vigil.stack.ContainerSpec.Resources;

import java.nio.file.Path;
import java.util.Optional;

import static dev.vigil.docker.ContainerCgroup.read;

/**
 * The limits the kernel enforces on a container, read from its cgroup (v1 or v2). Inspect alone is not enough:
 * Podman 4.3's {@code podman update --memory} changes the cgroup while inspect keeps showing the old value.
 */
final class CgroupLimits {

    /** cgroup v1 writes "no limit" as LONG_MAX rounded down to a page; anything this large is no limit. */
    static final long UNLIMITED = 1L << 62;

    private CgroupLimits() {
    }

    /** The limits in {@code cgroup}; empty when none of them could be read. */
    static Optional<Resources> of(ContainerCgroup cgroup) {
        Optional<Optional<Long>> mem = memory(cgroup);
        Optional<Optional<Double>> cpus = cgroup.v1("cpu").flatMap(CgroupLimits::v1Cpus)
                .or(() -> cgroup.v2().flatMap(d -> read(d.resolve("cpu.max"))).map(CgroupLimits::v2Cpus));
        Optional<Optional<Long>> pidsMax = cgroup.v1("pids").flatMap(d -> read(d.resolve("pids.max")))
                .or(() -> cgroup.v2().flatMap(d -> read(d.resolve("pids.max"))))
                .map(CgroupLimits::limit);
        if (mem.isEmpty() && cpus.isEmpty() && pidsMax.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Resources(mem.flatMap(m -> m), cpus.flatMap(c -> c), pidsMax.flatMap(p -> p)));
    }

    /** The memory limit: outer empty when it cannot be read, inner empty when there is none ("max"). */
    static Optional<Optional<Long>> memory(ContainerCgroup cgroup) {
        return cgroup.v1("memory").flatMap(d -> read(d.resolve("memory.limit_in_bytes")))
                .or(() -> cgroup.v2().flatMap(d -> read(d.resolve("memory.max"))))
                .map(CgroupLimits::limit);
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
