package dev.vigil.process;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The host's resources: this machine's /proc as it is, and fixed files for the exact parsing. */
class HostStatsTest {

    @Test
    void thisHostIsRead() throws Exception {
        HostStats host = HostStats.read();

        assertThat(host.cpu().user() + host.cpu().system() + host.cpu().idle()).isPositive();
        assertThat(host.load()).isPresent();
        assertThat(host.memory()).hasValueSatisfying(m -> {
            // The JVM reads the same figure its own way (sysinfo), in whole pages.
            long jvm = ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                    .getOperatingSystemMXBean()).getTotalMemorySize();
            assertThat(m.total()).isCloseTo(jvm, within(1024L * 1024));
            assertThat(m.available()).isBetween(1L, m.total());
        });
        // The root filesystem is a real one and is listed with the size Java reports for it.
        assertThat(host.filesystems()).filteredOn(f -> f.mountPoint().equals("/")).singleElement().satisfies(f -> {
            assertThat(f.size()).isEqualTo(Files.getFileStore(Path.of("/")).getTotalSpace());
            assertThat(f.available()).isBetween(0L, f.size());
            // ext4 has a fixed number of inodes: statvfs tells them as `stat -f` does.
            assertThat(f.inodes()).isEqualTo(statFs("%c"));
            assertThat(f.inodesFree()).isBetween(1L, f.inodes()).isCloseTo(statFs("%d"), within(1000L));
        });
        assertThat(host.filesystems()).extracting(HostStats.Filesystem::type).doesNotContain("proc", "sysfs", "cgroup");
        assertThat(host.networks()).extracting(HostStats.Network::device).contains("lo");
    }

    @Test
    void fixedFilesAreReadExactly(@TempDir Path proc) throws Exception {
        Files.createDirectories(proc.resolve("self"));
        Files.createDirectories(proc.resolve("net"));
        Files.writeString(proc.resolve("stat"), "cpu  1000 20 300 50000 40 0 5 7 0 0\ncpu0 500 10 150 25000 20 0 2 3 0 0\n");
        Files.writeString(proc.resolve("loadavg"), "0.52 1.79 1.54 1/142 21461\n");
        Files.writeString(proc.resolve("meminfo"), "MemTotal:       1000 kB\nMemFree:         100 kB\n"
                + "MemAvailable:     600 kB\nSwapTotal:       200 kB\nSwapFree:        150 kB\n");
        Files.writeString(proc.resolve("self/mounts"), """
                proc /proc proc rw 0 0
                /dev/vda / ext4 rw 0 0
                /dev/vdb /srv/my\\040data xfs rw 0 0
                tmpfs /dev/shm tmpfs rw 0 0
                overlay /var/lib/containers/storage/overlay/x overlay rw 0 0
                /dev/vda / ext4 rw 0 0
                /dev/vda /run/netns ext4 rw 0 0
                """);
        Files.writeString(proc.resolve("diskstats"), """
                   7       0 loop0 0 0 0 0 0 0 0 0 0 0 0
                 254       0 vda 51991 10033 4104802 19217 615482 238570 25328592 282718 0 57312 333476
                 254       1 vda1 100 0 200 0 10 0 20 0 0 0 0
                 253       0 zram0 0 0 0 0 0 0 0 0 0 0 0
                 259       0 nvme0n1 1 0 8 0 2 0 16 0 0 0 0
                 259       1 nvme0n1p1 1 0 8 0 2 0 16 0 0 0 0
                """);
        Files.writeString(proc.resolve("net/dev"), """
                Inter-|   Receive                                                |  Transmit
                 face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
                    lo: 711396795  550936    0    0    0     0          0         0 711396796  550936    0    0    0     0       0          0
                  eth0:      10       1    0    0    0     0          0         0       20       2    0    0    0     0       0          0
                """);

        HostStats host = HostStats.read(proc, mountPoint -> Optional.of(new long[] {mountPoint.length() * 1000L, 10}));

        assertThat(host.cpu()).isEqualTo(new HostStats.Cpu(10.0, 0.2, 3.0, 500.0, 0.4, 0, 0.05, 0.07));
        assertThat(host.load()).hasValueSatisfying(l -> assertThat(l.one()).isCloseTo(0.52, within(1e-9)));
        assertThat(host.memory()).hasValue(new HostStats.Memory(1000 * 1024, 600 * 1024, 200 * 1024, 150 * 1024));
        assertThat(host.memory().orElseThrow().used()).isEqualTo(400 * 1024);
        assertThat(host.filesystems()).containsExactly(
                new HostStats.Filesystem("/", "/dev/vda", "ext4", 1000, 10, 0, 0),
                new HostStats.Filesystem("/srv/my data", "/dev/vdb", "xfs", 12000, 10, 0, 0));
        assertThat(host.disks()).containsExactly(new HostStats.Disk("vda", 4104802L * 512, 25328592L * 512),
                new HostStats.Disk("nvme0n1", 8 * 512, 16 * 512));
        assertThat(host.networks()).containsExactly(new HostStats.Network("lo", 711396795, 711396796),
                new HostStats.Network("eth0", 10, 20));
    }

    @Test
    void missingFilesLeaveTheirPartEmpty(@TempDir Path proc) {
        HostStats host = HostStats.read(proc, mountPoint -> Optional.empty());

        assertThat(host).isEqualTo(new HostStats(HostStats.Cpu.NONE, Optional.empty(), Optional.empty(), List.of(),
                List.of(), List.of()));
    }

    /** A field of coreutils' `stat --file-system` for /. */
    private static long statFs(String format) throws Exception {
        Process p = new ProcessBuilder("stat", "--file-system", "--format=" + format, "/").start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        assertThat(p.waitFor()).isZero();
        return Long.parseLong(out);
    }
}
