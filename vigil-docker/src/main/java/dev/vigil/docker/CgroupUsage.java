package dev.vigil.docker;

import dev.vigil.runtime.Usage;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

import static dev.vigil.docker.ContainerCgroup.keyed;
import static dev.vigil.docker.ContainerCgroup.number;
import static dev.vigil.docker.ContainerCgroup.parse;
import static dev.vigil.docker.ContainerCgroup.read;

/**
 * What a container uses, read from its cgroup (v1 or v2) and the {@code /proc} entries of its processes: no engine
 * round trip. Memory is counted as {@code docker stats} counts it: the cgroup's usage without its inactive page
 * cache, which the kernel drops before it ever hits the limit.
 */
final class CgroupUsage {

    private CgroupUsage() {
    }

    /**
     * The usage in {@code cgroup}; empty when its CPU time or memory cannot be read (the cgroup is gone, or those
     * controllers are not ours to read), so that the caller asks the engine instead.
     */
    static Optional<Usage> of(ContainerCgroup cgroup) {
        OptionalDouble cpu = cpuSeconds(cgroup);
        OptionalLong memory = memory(cgroup);
        if (cpu.isEmpty() || memory.isEmpty()) {
            return Optional.empty();
        }
        OptionalLong limit = CgroupLimits.memory(cgroup).flatMap(l -> l)
                .map(OptionalLong::of).orElse(OptionalLong.empty());
        Io io = io(cgroup);
        Fds fds = cgroup.processes().map(pids -> fds(cgroup.proc(), pids)).orElse(Fds.UNKNOWN);
        return Optional.of(new Usage(cpu.getAsDouble(), memory.getAsLong(), limit, threads(cgroup), fds.open(),
                fds.limit(), io.read(), io.written()));
    }

    private static OptionalDouble cpuSeconds(ContainerCgroup cgroup) {
        OptionalLong nanos = cgroup.v1("cpuacct").map(d -> number(d.resolve("cpuacct.usage")))
                .orElse(OptionalLong.empty());
        if (nanos.isPresent()) {
            return OptionalDouble.of(nanos.getAsLong() / 1e9);
        }
        OptionalLong micros = cgroup.v2().map(d -> keyed(d.resolve("cpu.stat"), "usage_usec"))
                .orElse(OptionalLong.empty());
        return micros.isPresent() ? OptionalDouble.of(micros.getAsLong() / 1e6) : OptionalDouble.empty();
    }

    private static OptionalLong memory(ContainerCgroup cgroup) {
        Optional<Path> v1 = cgroup.v1("memory");
        if (v1.isPresent()) {
            return withoutInactiveFile(number(v1.get().resolve("memory.usage_in_bytes")),
                    keyed(v1.get().resolve("memory.stat"), "total_inactive_file"));
        }
        return cgroup.v2().map(d -> withoutInactiveFile(number(d.resolve("memory.current")),
                keyed(d.resolve("memory.stat"), "inactive_file"))).orElse(OptionalLong.empty());
    }

    /** As the docker CLI computes it; a usage smaller than the inactive cache (a race of two reads) is kept. */
    static OptionalLong withoutInactiveFile(OptionalLong usage, OptionalLong inactiveFile) {
        if (usage.isEmpty() || inactiveFile.isEmpty() || inactiveFile.getAsLong() >= usage.getAsLong()) {
            return usage;
        }
        return OptionalLong.of(usage.getAsLong() - inactiveFile.getAsLong());
    }

    /** Tasks in it: {@code pids.current}, else (no pids controller) the cgroup's own thread list counted. */
    private static long threads(ContainerCgroup cgroup) {
        OptionalLong current = cgroup.v1("pids").or(cgroup::v2).map(d -> number(d.resolve("pids.current")))
                .orElse(OptionalLong.empty());
        if (current.isPresent()) {
            return current.getAsLong();
        }
        Optional<String> tasks = cgroup.v2().flatMap(d -> read(d.resolve("cgroup.threads")));
        for (Path dir : cgroup.controllers().values()) {
            tasks = tasks.or(() -> read(dir.resolve("tasks")));
        }
        return tasks.map(text -> text.lines().filter(line -> !line.isBlank()).count()).orElse(0L);
    }

    /** Bytes read from and written to storage, summed over devices. */
    private record Io(long read, long written) {
    }

    /** From v1's {@code blkio.throttle.io_service_bytes}, else v2's {@code io.stat}. */
    private static Io io(ContainerCgroup cgroup) {
        long[] sum = new long[2]; // read, written
        Optional<String> v1 = cgroup.v1("blkio").flatMap(d -> read(d.resolve("blkio.throttle.io_service_bytes")));
        if (v1.isPresent()) {
            // "8:0 Read 4096" per device and operation, then a "Total" line.
            v1.get().lines().map(line -> line.split("\\s+")).filter(parts -> parts.length == 3).forEach(parts -> {
                if (parts[1].equalsIgnoreCase("Read")) {
                    sum[0] += parseOrZero(parts[2]);
                } else if (parts[1].equalsIgnoreCase("Write")) {
                    sum[1] += parseOrZero(parts[2]);
                }
            });
            return new Io(sum[0], sum[1]);
        }
        // "8:0 rbytes=4096 wbytes=0 rios=1 wios=0 dbytes=0 dios=0" per device.
        cgroup.v2().flatMap(d -> read(d.resolve("io.stat"))).ifPresent(text -> text.lines()
                .flatMap(line -> List.of(line.split("\\s+")).stream())
                .forEach(field -> {
                    if (field.startsWith("rbytes=")) {
                        sum[0] += parseOrZero(field.substring("rbytes=".length()));
                    } else if (field.startsWith("wbytes=")) {
                        sum[1] += parseOrZero(field.substring("wbytes=".length()));
                    }
                }));
        return new Io(sum[0], sum[1]);
    }

    private static long parseOrZero(String text) {
        return parse(text).orElse(0);
    }

    /** Open descriptors and the lowest soft limit on them; the count is unknown unless every process's was read. */
    private record Fds(OptionalLong open, OptionalLong limit) {
        static final Fds UNKNOWN = new Fds(OptionalLong.empty(), OptionalLong.empty());
    }

    private static Fds fds(Path proc, List<Long> pids) {
        long open = 0;
        boolean counted = true;
        OptionalLong lowest = OptionalLong.empty();
        for (long pid : pids) {
            Path dir = proc.resolve(Long.toString(pid));
            try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir.resolve("fd"))) {
                for (Path ignored : fds) {
                    open++;
                }
            } catch (NoSuchFileException e) {
                continue; // ended since cgroup.procs was read
            } catch (IOException e) {
                counted = false; // another user's process (a rootless engine's, a container user of its own)
            }
            OptionalLong limit = openFilesLimit(dir);
            if (limit.isPresent() && (lowest.isEmpty() || limit.getAsLong() < lowest.getAsLong())) {
                lowest = limit;
            }
        }
        return new Fds(counted ? OptionalLong.of(open) : OptionalLong.empty(), lowest);
    }

    /** The soft "Max open files" of {@code /proc/<pid>/limits}; empty when unlimited or unreadable. */
    private static OptionalLong openFilesLimit(Path dir) {
        return read(dir.resolve("limits")).flatMap(text -> text.lines()
                .filter(line -> line.startsWith("Max open files"))
                .findFirst())
                .map(line -> line.substring("Max open files".length()).trim().split("\\s+")[0])
                .map(soft -> soft.equals("unlimited") ? OptionalLong.empty() : parse(soft))
                .orElse(OptionalLong.empty());
    }
}
