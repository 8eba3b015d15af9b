package dev.vigil.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a set of processes uses, summed: CPU time, resident memory, threads, open file descriptors (and the lowest
 * limit among them), bytes read from and written to storage. Read from {@code /proc/<pid>/stat} (in the scan that
 * found the processes), {@code status}, {@code io}, {@code fd} and {@code limits}; Linux only. A process that ends while it is read is left out; a file
 * the kernel does not let Vigil read (another user's {@code io} or {@code fd}) counts as zero for that process.
 *
 * @param cpuSeconds user and system time, in seconds of one core, since each process started
 * @param fdLimit the lowest soft limit on open files among the processes; empty when none could be read
 */
public record ProcessUsage(int processes, double cpuSeconds, long rssBytes, long threads, long openFds,
                           OptionalLong fdLimit, long readBytes, long writtenBytes) {

    /** Linux reports CPU times in clock ticks of 1/100 s (USER_HZ) on every architecture Vigil runs on. */
    static final double TICKS_PER_SECOND = 100.0;

    public static final ProcessUsage NONE = new ProcessUsage(0, 0, 0, 0, 0, OptionalLong.empty(), 0, 0);

    static final long FD_LIMIT_AGE_NANOS = 60_000_000_000L;
    private static final FdLimits FD_LIMITS = new FdLimits();

    /** The sum over {@code pids}, read from the host's {@code /proc} now. */
    public static ProcessUsage of(Collection<Long> pids) {
        return ofPids(ProcessTree.scan(), pids);
    }

    /** The sum over those of {@code pids} that {@code tree} holds. */
    static ProcessUsage ofPids(ProcessTree tree, Collection<Long> pids) {
        return of(tree, pids.stream().flatMap(pid -> tree.get(pid).stream()).toList());
    }

    /**
     * The sum over {@code procs}, their CPU time as {@code tree} saw it (the snapshot they were found in), the rest
     * read now: {@code status}, {@code io} and {@code fd} of each, and {@code limits} once a minute at most.
     */
    static ProcessUsage of(ProcessTree tree, Collection<ProcessTree.Proc> procs) {
        ProcessUsage sum = NONE;
        ProcFileReader reader = new ProcFileReader();
        for (ProcessTree.Proc proc : procs) {
            OptionalLong ticks = tree.cpuTicks(proc);
            if (ticks.isEmpty() || proc.ended()) {
                continue;
            }
            Optional<ProcessUsage> one = read(reader, tree.dir(proc.pid()), proc, ticks.getAsLong());
            if (one.isPresent()) {
                sum = sum.plus(one.get());
            }
        }
        return sum;
    }

    /** One process; empty when it is gone. */
    private static Optional<ProcessUsage> read(ProcFileReader reader, Path dir, ProcessTree.Proc proc, long cpuTicks) {
        try {
            String status = reader.read(dir.resolve("status"));
            long rss = field(status, "VmRSS:") * 1024; // kB
            long threads = field(status, "Threads:");
            long[] io = io(reader, dir);
            return Optional.of(new ProcessUsage(1, cpuTicks / TICKS_PER_SECOND, rss, threads, openFds(dir),
                    FD_LIMITS.of(dir, proc), io[0], io[1]));
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone (half-way through), or a line the kernel wrote differently
        }
    }

    ProcessUsage plus(ProcessUsage o) {
        OptionalLong limit = fdLimit.isEmpty() ? o.fdLimit : o.fdLimit.isEmpty() ? fdLimit
                : OptionalLong.of(Math.min(fdLimit.getAsLong(), o.fdLimit.getAsLong()));
        return new ProcessUsage(processes + o.processes, cpuSeconds + o.cpuSeconds, rssBytes + o.rssBytes,
                threads + o.threads, openFds + o.openFds, limit, readBytes + o.readBytes, writtenBytes + o.writtenBytes);
    }

    private static long openFds(Path dir) {
        long count = 0;
        try (DirectoryStream<Path> fds = Files.newDirectoryStream(dir.resolve("fd"))) {
            for (Path ignored : fds) {
                count++;
            }
        } catch (IOException e) {
            return 0;
        }
        return count;
    }

    /** {@code read_bytes} and {@code write_bytes} from {@code io}; zeros when the kernel does not let Vigil read it. */
    private static long[] io(ProcFileReader reader, Path dir) {
        try {
            String io = reader.read(dir.resolve("io"));
            return new long[] {field(io, "read_bytes:"), field(io, "write_bytes:")};
        } catch (IOException | RuntimeException e) {
            return new long[2];
        }
    }

    /**
     * The number after {@code name} at the start of a line of a {@code /proc} file ({@code "VmRSS:\t  2048 kB"}
     * gives 2048); zero when no line starts with it (a kernel thread has no {@code VmRSS}).
     */
    static long field(String text, String name) {
        int at = text.startsWith(name) ? 0 : text.indexOf("\n" + name);
        if (at < 0) {
            return 0;
        }
        int i = at + (at == 0 ? 0 : 1) + name.length();
        while (i < text.length() && (text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
            i++;
        }
        int end = i;
        while (end < text.length() && Character.isDigit(text.charAt(end))) {
            end++;
        }
        if (end == i) {
            throw new IllegalArgumentException("no number after " + name);
        }
        return Long.parseLong(text, i, end, 10);
    }

    /**
     * The soft limit on open files of each process, read from {@code limits} when first measured and again once it
     * is {@link #FD_LIMIT_AGE_NANOS} old: a limit changes rarely (prlimit), a process is measured every round.
     */
    private static final class FdLimits {

        private record Known(long startTicks, OptionalLong limit, long readAtNanos) {
        }

        private static final int MAX_KNOWN = 8192;
        private final Map<Long, Known> byPid = new ConcurrentHashMap<>();

        OptionalLong of(Path dir, ProcessTree.Proc proc) {
            long now = System.nanoTime();
            Known known = byPid.get(proc.pid());
            if (known != null && known.startTicks() == proc.startTicks() && now - known.readAtNanos() < FD_LIMIT_AGE_NANOS) {
                return known.limit();
            }
            if (byPid.size() >= MAX_KNOWN) {
                byPid.clear(); // processes come and go; what is needed again is read again
            }
            OptionalLong limit = read(dir);
            byPid.put(proc.pid(), new Known(proc.startTicks(), limit, now));
            return limit;
        }

        private static OptionalLong read(Path dir) {
            try {
                for (String line : Files.readAllLines(dir.resolve("limits"), StandardCharsets.ISO_8859_1)) {
                    if (line.startsWith("Max open files")) {
                        String soft = line.substring("Max open files".length()).trim().split("\\s+")[0];
                        return soft.equals("unlimited") ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(soft));
                    }
                }
            } catch (IOException | RuntimeException e) {
                return OptionalLong.empty();
            }
            return OptionalLong.empty();
        }
    }
}
