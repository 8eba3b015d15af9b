package dev.vigil.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.BlkioStatEntry;
import com.github.dockerjava.api.model.MemoryStatsConfig;
import com.github.dockerjava.api.model.Statistics;
import dev.vigil.runtime.Usage;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * A container's usage as the engine's stats API reports it: for a container whose cgroup cannot be read here (a
 * remote engine, Vigil in a cgroup namespace of its own). One non-streaming stats call per reading; the engine
 * cannot say how many descriptors are open.
 */
final class EngineStats {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final DockerClient client;
    /** The engine host's memory, asked once: stats report it as the limit of a container that has none. */
    private volatile OptionalLong hostMemory;

    EngineStats(DockerClient client) {
        this.client = client;
    }

    /** The usage of the container now; empty when the engine does not answer or it no longer runs. */
    Optional<Usage> usage(String containerId) {
        try (var callback = new ResultCallback.Adapter<Statistics>() {
            volatile Statistics first;

            @Override
            public void onNext(Statistics stats) {
                first = stats;
            }
        }) {
            client.statsCmd(containerId).withNoStream(true).exec(callback)
                    .awaitCompletion(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return callback.first == null ? Optional.empty() : of(callback.first, hostMemory());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    private OptionalLong hostMemory() {
        OptionalLong known = hostMemory;
        if (known == null) {
            try {
                Long total = client.infoCmd().exec().getMemTotal();
                known = total == null || total <= 0 ? OptionalLong.empty() : OptionalLong.of(total);
            } catch (RuntimeException e) {
                return OptionalLong.empty(); // asked again next time
            }
            hostMemory = known;
        }
        return known;
    }

    /**
     * The usage in one stats reply; empty for a container that is not running (no memory or CPU reading). A limit
     * as large as the host's memory is how Docker and Podman report none.
     */
    static Optional<Usage> of(Statistics stats, OptionalLong hostMemory) {
        MemoryStatsConfig memory = stats.getMemoryStats();
        Long cpuNanos = stats.getCpuStats() == null || stats.getCpuStats().getCpuUsage() == null ? null
                : stats.getCpuStats().getCpuUsage().getTotalUsage();
        if (memory == null || memory.getUsage() == null || cpuNanos == null) {
            return Optional.empty();
        }
        // cgroup v1 engines report total_inactive_file, v2 ones inactive_file; Podman neither.
        var detail = memory.getStats();
        Long inactive = detail == null ? null
                : detail.getTotalInactiveFile() != null ? detail.getTotalInactiveFile() : detail.getInactiveFile();
        long rss = CgroupUsage.withoutInactiveFile(OptionalLong.of(memory.getUsage()),
                inactive == null ? OptionalLong.empty() : OptionalLong.of(inactive)).getAsLong();
        Long limit = memory.getLimit();
        boolean limited = limit != null && limit > 0 && limit < CgroupLimits.UNLIMITED
                && (hostMemory.isEmpty() || limit < hostMemory.getAsLong());
        long threads = stats.getPidsStats() == null || stats.getPidsStats().getCurrent() == null ? 0
                : stats.getPidsStats().getCurrent();
        List<BlkioStatEntry> io = stats.getBlkioStats() == null ? null
                : stats.getBlkioStats().getIoServiceBytesRecursive();
        return Optional.of(new Usage(cpuNanos / 1e9, rss, limited ? OptionalLong.of(limit) : OptionalLong.empty(),
                threads, OptionalLong.empty(), OptionalLong.empty(), bytes(io, "read"), bytes(io, "write")));
    }

    /** The sum over devices of one operation; v1 engines write it "Read", v2 ones "read". */
    private static long bytes(List<BlkioStatEntry> entries, String op) {
        if (entries == null) {
            return 0;
        }
        return entries.stream()
                .filter(e -> op.equalsIgnoreCase(e.getOp()) && e.getValue() != null)
                .mapToLong(BlkioStatEntry::getValue)
                .sum();
    }
}
