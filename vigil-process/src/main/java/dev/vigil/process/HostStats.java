package dev.vigil.process;

import com.sun.jna.platform.linux.LibC;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One reading of the host's resources from {@code /proc}: CPU time by mode, load, memory and swap, the space of
 * each mounted filesystem, storage and network bytes. Counters (CPU seconds, bytes) count since boot; a collector
 * turns two readings into rates. Linux only. What a file does not say (no swap, no {@code steal} on an old kernel)
 * is zero; a file that cannot be read leaves its part empty, never the whole reading.
 */
public record HostStats(Cpu cpu, Optional<Load> load, Optional<Memory> memory, List<Filesystem> filesystems,
                        List<Disk> disks, List<Network> networks) {

    /** Seconds of all cores in each mode since boot. */
    public record Cpu(double user, double nice, double system, double idle, double iowait, double irq, double softirq,
                      double steal) {
        static final Cpu NONE = new Cpu(0, 0, 0, 0, 0, 0, 0, 0);
    }

    public record Load(double one, double five, double fifteen) {
    }

    /** Bytes; {@code available} is the kernel's estimate of what can be allocated without swapping. */
    public record Memory(long total, long available, long swapTotal, long swapFree) {
        public long used() {
            return total - available;
        }
    }

    /**
     * Bytes; {@code available} is what an unprivileged process may still write. Inodes: all of them and the free
     * ones; both 0 where the filesystem has no fixed number (btrfs) or they cannot be read.
     */
    public record Filesystem(String mountPoint, String device, String type, long size, long available, long inodes,
                             long inodesFree) {
    }

    /** Bytes read from and written to one block device since boot. */
    public record Disk(String device, long readBytes, long writtenBytes) {
    }

    /** Bytes received and sent on one interface since boot. */
    public record Network(String device, long receivedBytes, long sentBytes) {
    }

    /** Filesystems that hold no data of their own, as node_exporter leaves them out by default. */
    static final Pattern PSEUDO_FILESYSTEMS = Pattern.compile("autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts"
            + "|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs"
            + "|selinuxfs|squashfs|erofs|sysfs|tracefs");
    /** Mount points under which nothing is the host's own storage (node_exporter's default too). */
    static final Pattern IGNORED_MOUNT_POINTS = Pattern.compile(
            "/(dev|proc|run/credentials/.+|sys|var/lib/docker/.+|var/lib/containers/storage/.+)($|/.*)");
    /** Partitions, RAM disks and loop devices: whole devices count once (node_exporter's default). */
    static final Pattern IGNORED_DISKS = Pattern.compile("(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+");
    /** /proc/diskstats counts 512-byte sectors whatever the device's own sector size. */
    static final long SECTOR = 512;

    /** The host's resources now. */
    public static HostStats read() {
        return read(Path.of("/proc"), HostStats::space);
    }

    /** Size and available bytes of the filesystem mounted at a path; empty when it cannot be asked. */
    interface Space {
        Optional<long[]> of(String mountPoint);
    }

    static HostStats read(Path proc, Space space) {
        return new HostStats(cpu(proc), load(proc), memory(proc), filesystems(proc, space), disks(proc),
                networks(proc));
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (IOException e) {
            return List.of();
        }
    }

    static Cpu cpu(Path proc) {
        for (String line : lines(proc.resolve("stat"))) {
            if (line.startsWith("cpu ")) {
                String[] f = line.substring(4).trim().split("\\s+");
                double[] s = new double[8];
                for (int i = 0; i < Math.min(8, f.length); i++) {
                    s[i] = Long.parseLong(f[i]) / ProcessUsage.TICKS_PER_SECOND;
                }
                return new Cpu(s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]);
            }
        }
        return Cpu.NONE;
    }

    static Optional<Load> load(Path proc) {
        List<String> lines = lines(proc.resolve("loadavg"));
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        String[] f = lines.getFirst().trim().split("\\s+");
        return Optional.of(new Load(Double.parseDouble(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2])));
    }

    static Optional<Memory> memory(Path proc) {
        Map<String, Long> kb = new LinkedHashMap<>();
        for (String line : lines(proc.resolve("meminfo"))) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String[] value = line.substring(colon + 1).trim().split("\\s+");
                kb.put(line.substring(0, colon), Long.parseLong(value[0]));
            }
        }
        if (!kb.containsKey("MemTotal")) {
            return Optional.empty();
        }
        // MemAvailable came with Linux 3.14; before it, free plus page cache is the usual stand-in.
        long available = kb.getOrDefault("MemAvailable",
                kb.getOrDefault("MemFree", 0L) + kb.getOrDefault("Cached", 0L) + kb.getOrDefault("Buffers", 0L));
        return Optional.of(new Memory(kb.get("MemTotal") * 1024, available * 1024,
                kb.getOrDefault("SwapTotal", 0L) * 1024, kb.getOrDefault("SwapFree", 0L) * 1024));
    }

    static List<Filesystem> filesystems(Path proc, Space space) {
        Map<String, Filesystem> byMountPoint = new LinkedHashMap<>();
        for (String line : lines(proc.resolve("self/mounts"))) {
            String[] f = line.split(" ");
            if (f.length < 3) {
                continue;
            }
            String device = unescape(f[0]);
            String mountPoint = unescape(f[1]);
            String type = f[2];
            if (PSEUDO_FILESYSTEMS.matcher(type).matches() || IGNORED_MOUNT_POINTS.matcher(mountPoint).matches()
                    || byMountPoint.containsKey(mountPoint)) {
                continue;
            }
            // A block device mounted twice (a bind mount) is one filesystem: its first mount point stands for it.
            if (device.startsWith("/dev/") && byMountPoint.values().stream().anyMatch(known -> known.device().equals(device))) {
                continue;
            }
            space.of(mountPoint).ifPresent(s -> byMountPoint.put(mountPoint,
                    new Filesystem(mountPoint, device, type, s[0], s[1], s.length > 3 ? s[2] : 0, s.length > 3 ? s[3] : 0)));
        }
        return List.copyOf(byMountPoint.values());
    }

    /** /proc/mounts writes a space as {@code \040}, a tab as {@code \011}, a backslash as {@code \134}. */
    static String unescape(String field) {
        StringBuilder out = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c == '\\' && i + 3 < field.length()
                    && field.substring(i + 1, i + 4).chars().allMatch(d -> d >= '0' && d <= '7')) {
                out.append((char) Integer.parseInt(field.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    static List<Disk> disks(Path proc) {
        List<Disk> disks = new ArrayList<>();
        for (String line : lines(proc.resolve("diskstats"))) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 10 || IGNORED_DISKS.matcher(f[2]).matches()) {
                continue;
            }
            disks.add(new Disk(f[2], Long.parseLong(f[5]) * SECTOR, Long.parseLong(f[9]) * SECTOR));
        }
        return disks;
    }

    static List<Network> networks(Path proc) {
        List<Network> networks = new ArrayList<>();
        for (String line : lines(proc.resolve("net/dev"))) {
            int colon = line.indexOf(':');
            if (colon < 0 || line.contains("|")) {
                continue;
            }
            String[] f = line.substring(colon + 1).trim().split("\\s+");
            if (f.length >= 9) {
                networks.add(new Network(line.substring(0, colon).trim(), Long.parseLong(f[0]), Long.parseLong(f[8])));
            }
        }
        return networks;
    }

    /** statvfs(3), as df does: size and available bytes, then all and free inodes. */
    private static Optional<long[]> space(String mountPoint) {
        try {
            LibC.Statvfs vfs = new LibC.Statvfs();
            if (LibC.INSTANCE.statvfs(mountPoint, vfs) == 0) {
                long unit = vfs.f_frsize.longValue() == 0 ? vfs.f_bsize.longValue() : vfs.f_frsize.longValue();
                return Optional.of(new long[] {vfs.f_blocks.longValue() * unit, vfs.f_bavail.longValue() * unit,
                        vfs.f_files.longValue(), vfs.f_ffree.longValue()});
            }
            return Optional.empty(); // unmounted since, or not ours to look at
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return javaSpace(mountPoint); // no native access here: space without inodes
        }
    }

    private static Optional<long[]> javaSpace(String mountPoint) {
        try {
            FileStore store = Files.getFileStore(Path.of(mountPoint));
            return Optional.of(new long[] {store.getTotalSpace(), store.getUsableSpace()});
        } catch (IOException | SecurityException e) {
            return Optional.empty();
        }
    }
}
