package dev.vigil.collect;

import java.time.Instant;
import java.util.List;
import java.util.OptionalDouble;

/**
 * The host's latest collected usage.
 *
 * @param cpuBusy the share of all cores busy between the last two collections (0 to 1); empty after the first
 * @param load1 the one-minute load average; empty where the host has none
 */
public record HostUsage(Instant at, int cores, OptionalDouble cpuBusy, OptionalDouble load1, long memoryTotalBytes,
                        long memoryAvailableBytes, long swapTotalBytes, long swapUsedBytes,
                        List<Filesystem> filesystems) {

    public HostUsage {
        filesystems = List.copyOf(filesystems);
    }

    /** One mounted filesystem; inode counts are 0 where the filesystem has none (e.g. btrfs). */
    public record Filesystem(String mountPoint, String device, String type, long sizeBytes, long availableBytes,
                             long inodes, long inodesFree) {
    }
}
