package dev.vigil.docker;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A host's {@code /proc} and cgroup mounts laid out in a directory around one container, whose main process is
 * {@link #PID}: {@link #v2} as systemd and Docker lay out cgroup v2, {@link #v1} as they lay out v1 (cpu and
 * cpuacct mounted together), {@link #hybrid} as v1 with the v2 hierarchy under {@code unified}.
 */
final class CgroupFixture {

    static final String ID = "378931c68efa20fa26ff7aab3567f3dd55cd351bc58285a9c63536a87a03964a";
    static final long PID = 4242;

    private final Path proc;
    private final Path root;

    private CgroupFixture(Path dir) {
        this.proc = dir.resolve("proc");
        this.root = dir.resolve("cgroup");
    }

    static CgroupFixture v2(Path dir) {
        CgroupFixture host = new CgroupFixture(dir);
        host.write(host.proc.resolve(PID + "/cgroup"), "0::/system.slice/docker-" + ID + ".scope\n");
        host.mkdirs(host.v2());
        return host;
    }

    static CgroupFixture v1(Path dir) {
        CgroupFixture host = new CgroupFixture(dir);
        host.write(host.proc.resolve(PID + "/cgroup"), """
                12:pids:/docker/%1$s
                11:memory:/docker/%1$s
                10:cpu,cpuacct:/docker/%1$s
                9:blkio:/docker/%1$s
                1:name=systemd:/docker/%1$s
                """.formatted(ID));
        for (String mount : new String[] {"pids", "memory", "cpu,cpuacct", "blkio"}) {
            host.mkdirs(host.v1(mount));
        }
        return host;
    }

    static CgroupFixture hybrid(Path dir) {
        CgroupFixture host = v1(dir);
        host.write(host.proc.resolve(PID + "/cgroup"), host.read(host.proc.resolve(PID + "/cgroup"))
                + "0::/docker/" + ID + "\n");
        host.mkdirs(host.unified());
        return host;
    }

    Cgroups cgroups() {
        return new Cgroups(proc, root);
    }

    ContainerCgroup cgroup() {
        return cgroups().find(PID, ID).orElseThrow();
    }

    /** The container's directory in a v1 hierarchy, by its mount's name ({@code cpu,cpuacct}). */
    Path v1(String mount) {
        return root.resolve(mount).resolve("docker").resolve(ID);
    }

    Path v2() {
        return root.resolve("system.slice").resolve("docker-" + ID + ".scope");
    }

    Path unified() {
        return root.resolve("unified").resolve("docker").resolve(ID);
    }

    CgroupFixture file(Path dir, String name, String text) {
        write(dir.resolve(name), text);
        return this;
    }

    /** A process with {@code fds} open descriptors and this soft limit on them in {@code /proc/<pid>/limits}. */
    CgroupFixture process(long pid, int fds, String softLimit) {
        Path dir = proc.resolve(Long.toString(pid));
        mkdirs(dir.resolve("fd"));
        for (int fd = 0; fd < fds; fd++) {
            write(dir.resolve("fd").resolve(Integer.toString(fd)), "");
        }
        write(dir.resolve("limits"), """
                Limit                     Soft Limit           Hard Limit           Units
                Max cpu time              unlimited            unlimited            seconds
                Max open files            %s                 1048576              files
                Max processes             unlimited            unlimited            processes
                """.formatted(softLimit));
        return this;
    }

    Path proc(long pid) {
        return proc.resolve(Long.toString(pid));
    }

    private void mkdirs(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
