package dev.vigil.process;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What a set of processes uses, summed: CPU time, resident memory, threads, open file descriptors (and the lowest
 * limit among them), bytes read from and written to storage. Read from {@code /proc/<pid>/stat}, {@code status},
 * {@code io}, {@code fd} and {@code limits}; Linux only. A process that ends while it is read is left out; a file
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

    /** The sum over {@code pids}, read from the host's {@code /proc} now. */
    public static ProcessUsage of(Collection<Long> pids) {
        return of(Path.of("/proc"), pids);
    }

    static ProcessUsage of(Path proc, Collection<Long> pids) {
        ProcessUsage sum = NONE;
        for (long pid : pids) {
            Optional<ProcessUsage> one = read(proc.resolve(Long.toString(pid)));
            if (one.isPresent()) {
                sum = sum.plus(one.get());
            }
        }
        return sum;
    }

    /** One process; empty when it is gone (or is a zombie with nothing left to measure). */
    static Optional<ProcessUsage> read(Path dir) {
        try {
            String stat = Files.readString(dir.resolve("stat"));
            // The command name (field 2) is in parentheses and may itself hold spaces and parentheses.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
            if (f[0].equals("Z") || f[0].equals("X")) {
                return Optional.empty();
            }
            double cpu = (Long.parseLong(f[11]) + Long.parseLong(f[12])) / TICKS_PER_SECOND; // utime, stime
            long rss = 0;
            long threads = 0;
            for (String line : Files.readAllLines(dir.resolve("status"))) {
                if (line.startsWith("VmRSS:")) {
                    rss = kilobytes(line) * 1024;
                } else if (line.startsWith("Threads:")) {
                    threads = Long.parseLong(line.substring("Threads:".length()).trim());
                }
            }
            return Optional.of(new ProcessUsage(1, cpu, rss, threads, openFds(dir), fdLimit(dir),
                    ioField(dir, "read_bytes"), ioField(dir, "write_bytes")));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty(); // gone half-way through, or a line the kernel wrote differently
        }
    }

    ProcessUsage plus(ProcessUsage o) {
        OptionalLong limit = fdLimit.isEmpty() ? o.fdLimit : o.fdLimit.isEmpty() ? fdLimit
                : OptionalLong.of(Math.min(fdLimit.getAsLong(), o.fdLimit.getAsLong()));
        return new ProcessUsage(processes + o.processes, cpuSeconds + o.cpuSeconds, rssBytes + o.rssBytes,
                threads + o.threads, openFds + o.openFds, limit, readBytes + o.readBytes, writtenBytes + o.writtenBytes);
    }

    private static long kilobytes(String line) {
        String value = line.substring(line.indexOf(':') + 1).trim();
        return Long.parseLong(value.substring(0, value.indexOf(' ')).trim());
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

    private static OptionalLong fdLimit(Path dir) {
        try {
            for (String line : Files.readAllLines(dir.resolve("limits"))) {
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

    private static long ioField(Path dir, String name) {
        try {
            for (String line : Files.readAllLines(dir.resolve("io"))) {
                if (line.startsWith(name + ":")) {
                    return Long.parseLong(line.substring(name.length() + 1).trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }
}
