package dev.vigil.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * One snapshot of the host's processes read from {@code /proc}: who belongs to a session, a group or a
 * subtree, and how much memory they hold. Linux only.
 */
final class ProcessTree {

    private static final Path PROC = Path.of("/proc");

    /**
     * One process as {@code /proc/<pid>/stat} describes it. {@code startTicks} (clock ticks after boot)
     * tells a process apart from a later one that reuses its pid.
     */
    record Proc(long pid, long ppid, long pgrp, long session, char state, long startTicks) {

        /** A zombie has ended and only waits to be reaped; nothing of it runs or holds memory. */
        boolean ended() {
            return state == 'Z' || state == 'X' || state == 'x';
        }
    }

    /** A scan and when it was made (System.nanoTime), shared by measurements close together. */
    private record Scan(ProcessTree tree, long atNanos) {
    }

    private static volatile Scan recent = new Scan(new ProcessTree(PROC, Map.of(), Map.of()), Long.MIN_VALUE);

    /** One line of {@code /proc/<pid>/stat}: the process, and the CPU it has used (user and system, in ticks). */
    private record Stat(Proc proc, long cpuTicks) {
    }

    /** Who is whose child, and who is in which session and group: made once per snapshot, when first asked. */
    private record Index(Map<Long, List<Proc>> children, Map<Long, List<Proc>> bySession, Map<Long, List<Proc>> byGroup) {

        static Index of(Collection<Proc> procs) {
            Map<Long, List<Proc>> children = new HashMap<>();
            Map<Long, List<Proc>> bySession = new HashMap<>();
            Map<Long, List<Proc>> byGroup = new HashMap<>();
            for (Proc p : procs) {
                children.computeIfAbsent(p.ppid(), k -> new ArrayList<>()).add(p);
                bySession.computeIfAbsent(p.session(), k -> new ArrayList<>()).add(p);
                byGroup.computeIfAbsent(p.pgrp(), k -> new ArrayList<>()).add(p);
            }
            return new Index(children, bySession, byGroup);
        }
    }

    private final Path proc;
    private final Map<Long, Proc> byPid;
    private final Map<Long, Long> cpuTicks;
    // Shared by the threads measuring from one snapshot; two making it at once both get an equal one.
    private volatile Index index;

    private ProcessTree(Path proc, Map<Long, Proc> byPid, Map<Long, Long> cpuTicks) {
        this.proc = proc;
        this.byPid = byPid;
        this.cpuTicks = cpuTicks;
    }

    /**
     * A scan no older than {@code maxAgeNanos}: a collector measuring a hundred services reads {@code /proc} once,
     * not once per service. For measuring only; stopping a group always scans afresh.
     */
    static ProcessTree recent(long maxAgeNanos) {
        Scan last = recent;
        long now = System.nanoTime();
        if (now - last.atNanos() <= maxAgeNanos && last.atNanos() != Long.MIN_VALUE) {
            return last.tree();
        }
        ProcessTree tree = scan();
        recent = new Scan(tree, now);
        return tree;
    }

    /** Reads every process on the host; processes that vanish while being read are skipped. */
    static ProcessTree scan() {
        return scan(PROC);
    }

    /** {@link #scan()} of a {@code /proc} elsewhere (a test's). */
    static ProcessTree scan(Path proc) {
        Map<Long, Proc> procs = new HashMap<>();
        Map<Long, Long> cpu = new HashMap<>();
        ProcFileReader reader = new ProcFileReader();
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(proc, ProcessTree::isPidDir)) {
            for (Path dir : dirs) {
                readStat(reader, proc, Long.parseLong(dir.getFileName().toString())).ifPresent(s -> {
                    procs.put(s.proc().pid(), s.proc());
                    cpu.put(s.proc().pid(), s.cpuTicks());
                });
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read /proc: " + e.getMessage(), e);
        }
        return new ProcessTree(proc, procs, cpu);
    }

    Optional<Proc> get(long pid) {
        return Optional.ofNullable(byPid.get(pid));
    }

    /** The directory of {@code pid} in the {@code /proc} this snapshot was read from. */
    Path dir(long pid) {
        return proc.resolve(Long.toString(pid));
    }

    /** User and system CPU time of {@code proc} as this snapshot saw it, in clock ticks; empty when not in it. */
    OptionalLong cpuTicks(Proc proc) {
        Long ticks = cpuTicks.get(proc.pid());
        Proc seen = byPid.get(proc.pid());
        return ticks == null || seen.startTicks() != proc.startTicks() ? OptionalLong.empty() : OptionalLong.of(ticks);
    }

    private Index index() {
        Index i = index;
        if (i == null) {
            i = Index.of(byPid.values());
            index = i;
        }
        return i;
    }

    /**
     * The processes that have not ended among: the members of the session or group led by
     * {@code leader}, the processes in {@code roots} (still the same incarnations), and every
     * descendant of those.
     */
    Set<Proc> members(Proc leader, Collection<Proc> roots) {
        long sid = leader.pid();
        // The kernel does not reuse a pid while it names a live session or group; if another process
        // holds the leader's pid now, the leader's session is gone and that process is a stranger.
        Proc holder = byPid.get(sid);
        boolean sessionMayLive = holder == null || holder.startTicks() == leader.startTicks();
        Index index = index();
        ArrayDeque<Proc> queue = new ArrayDeque<>();
        if (sessionMayLive) {
            queue.addAll(index.bySession().getOrDefault(sid, List.of()));
            queue.addAll(index.byGroup().getOrDefault(sid, List.of()));
        }
        for (Proc root : roots) {
            Proc now = byPid.get(root.pid());
            if (now != null && now.startTicks() == root.startTicks()) {
                queue.add(now);
            }
        }
        Set<Proc> found = new LinkedHashSet<>();
        while (!queue.isEmpty()) {
            Proc p = queue.poll();
            if (found.add(p)) {
                queue.addAll(index.children().getOrDefault(p.pid(), List.of()));
            }
        }
        found.removeIf(Proc::ended);
        return found;
    }

    /** Reads one process's stat line; empty when it does not exist (any more). */
    static Optional<Proc> stat(long pid) {
        return readStat(new ProcFileReader(), PROC, pid).map(Stat::proc);
    }

    private static Optional<Stat> readStat(ProcFileReader reader, Path proc, long pid) {
        String line;
        try {
            line = reader.read(proc.resolve(Long.toString(pid)).resolve("stat"));
        } catch (IOException e) {
            return Optional.empty();
        }
        // The command name in parentheses may itself contain spaces and ')': fields start after the last ')'.
        int close = line.lastIndexOf(')');
        if (close < 0 || close + 2 >= line.length()) {
            return Optional.empty();
        }
        String[] f = line.substring(close + 2).trim().split(" ");
        if (f.length < 20) {
            return Optional.empty();
        }
        return Optional.of(new Stat(new Proc(pid, Long.parseLong(f[1]), Long.parseLong(f[2]), Long.parseLong(f[3]),
                f[0].charAt(0), Long.parseLong(f[19])), Long.parseLong(f[11]) + Long.parseLong(f[12])));
    }

    /** The executable a process runs now; empty when it is gone, a zombie, or not ours to inspect. */
    static Optional<Path> executable(long pid) {
        try {
            return Optional.of(Files.readSymbolicLink(PROC.resolve(Long.toString(pid)).resolve("exe")));
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return Optional.empty();
        }
    }

    /** The kernel's id for this boot: process start times are counted from boot, so they compare only within one. */
    static String bootId() {
        try {
            return Files.readString(PROC.resolve("sys/kernel/random/boot_id"), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the boot id from /proc: " + e.getMessage(), e);
        }
    }

    /** Resident memory (VmRSS) of one process in bytes; empty when it is gone or has no memory (kernel thread, zombie). */
    static OptionalLong rssBytes(long pid) {
        List<String> lines;
        try {
            lines = Files.readAllLines(PROC.resolve(Long.toString(pid)).resolve("status"), StandardCharsets.ISO_8859_1);
        } catch (IOException e) {
            return OptionalLong.empty();
        }
        for (String line : lines) {
            if (line.startsWith("VmRSS:")) {
                String kb = line.substring("VmRSS:".length()).trim();
                int space = kb.indexOf(' ');
                return OptionalLong.of(Long.parseLong(space < 0 ? kb : kb.substring(0, space)) * 1024);
            }
        }
        return OptionalLong.empty();
    }

    private static boolean isPidDir(Path path) {
        String name = path.getFileName().toString();
        for (int i = 0; i < name.length(); i++) {
            if (!Character.isDigit(name.charAt(i))) {
                return false;
            }
        }
        return !name.isEmpty();
    }
}
