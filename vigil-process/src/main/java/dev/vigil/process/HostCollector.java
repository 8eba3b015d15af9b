package dev.vigil.process;

import dev.vigil.collect.HostSource;
import dev.vigil.collect.HostUsage;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Reading;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.Supplier;

import static dev.vigil.collect.MetricNames.*;

/** The host's series from {@link HostStats}: CPU by mode, load, memory, filesystems, disks and networks. */
public final class HostCollector implements HostSource {

    private final Supplier<HostStats> reader;
    private final int cores = Runtime.getRuntime().availableProcessors();
    private HostStats.Cpu lastCpu;

    public HostCollector() {
        this(HostStats::read);
    }

    HostCollector(Supplier<HostStats> reader) {
        this.reader = reader;
    }

    @Override
    public synchronized HostSample read(Instant at) {
        HostStats stats = reader.get();
        List<Reading> out = new ArrayList<>();
        HostStats.Cpu cpu = stats.cpu();
        cpu(out, "user", cpu.user() + cpu.nice());
        cpu(out, "system", cpu.system() + cpu.irq() + cpu.softirq());
        cpu(out, "iowait", cpu.iowait());
        cpu(out, "steal", cpu.steal());
        cpu(out, "idle", cpu.idle());
        OptionalDouble busy = busy(lastCpu, cpu);
        lastCpu = cpu;
        stats.load().ifPresent(l -> {
            out.add(new Reading(Labels.metric(HOST_LOAD1), l.one()));
            out.add(new Reading(Labels.metric(HOST_LOAD5), l.five()));
            out.add(new Reading(Labels.metric(HOST_LOAD15), l.fifteen()));
        });
        stats.memory().ifPresent(m -> {
            out.add(new Reading(Labels.metric(HOST_MEMORY_TOTAL), m.total()));
            out.add(new Reading(Labels.metric(HOST_MEMORY_AVAILABLE), m.available()));
            out.add(new Reading(Labels.metric(HOST_MEMORY_USED), m.used()));
            out.add(new Reading(Labels.metric(HOST_SWAP_TOTAL), m.swapTotal()));
            out.add(new Reading(Labels.metric(HOST_SWAP_USED), m.swapTotal() - m.swapFree()));
        });
        List<HostUsage.Filesystem> filesystems = new ArrayList<>();
        for (HostStats.Filesystem f : stats.filesystems()) {
            String[] labels = {"mountpoint", f.mountPoint(), "device", f.device(), "fstype", f.type()};
            out.add(new Reading(Labels.metric(HOST_FS_SIZE, labels), f.size()));
            out.add(new Reading(Labels.metric(HOST_FS_AVAILABLE, labels), f.available()));
            if (f.inodes() > 0) {
                out.add(new Reading(Labels.metric(HOST_FS_FILES, labels), f.inodes()));
                out.add(new Reading(Labels.metric(HOST_FS_FILES_FREE, labels), f.inodesFree()));
            }
            filesystems.add(new HostUsage.Filesystem(f.mountPoint(), f.device(), f.type(), f.size(), f.available(),
                    f.inodes(), f.inodesFree()));
        }
        for (HostStats.Disk d : stats.disks()) {
            out.add(new Reading(Labels.metric(HOST_DISK_READ, "device", d.device()), d.readBytes()));
            out.add(new Reading(Labels.metric(HOST_DISK_WRITTEN, "device", d.device()), d.writtenBytes()));
        }
        for (HostStats.Network n : stats.networks()) {
            out.add(new Reading(Labels.metric(HOST_NET_RECEIVED, "device", n.device()), n.receivedBytes()));
            out.add(new Reading(Labels.metric(HOST_NET_SENT, "device", n.device()), n.sentBytes()));
        }
        HostStats.Memory memory = stats.memory().orElse(new HostStats.Memory(0, 0, 0, 0));
        HostUsage usage = new HostUsage(at, cores, busy, stats.load().map(l -> OptionalDouble.of(l.one()))
                .orElse(OptionalDouble.empty()), memory.total(), memory.available(), memory.swapTotal(),
                memory.swapTotal() - memory.swapFree(), filesystems);
        return new HostSample(out, usage);
    }

    private static void cpu(List<Reading> out, String mode, double seconds) {
        out.add(new Reading(Labels.metric(HOST_CPU, "mode", mode), seconds));
    }

    /** The share of all cores not idle between two readings; empty for the first or when the counters went back. */
    static OptionalDouble busy(HostStats.Cpu before, HostStats.Cpu now) {
        if (before == null) {
            return OptionalDouble.empty();
        }
        double total = sum(now) - sum(before);
        double idle = (now.idle() + now.iowait()) - (before.idle() + before.iowait());
        return total > 0 && idle >= 0 ? OptionalDouble.of(Math.max(0, Math.min(1, 1 - idle / total))) : OptionalDouble.empty();
    }

    private static double sum(HostStats.Cpu c) {
        return c.user() + c.nice() + c.system() + c.idle() + c.iowait() + c.irq() + c.softirq() + c.steal();
    }
}
