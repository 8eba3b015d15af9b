package dev.vigil.docker;

import dev.vigil.runtime.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

import static dev.vigil.docker.CgroupFixture.PID;
import static org.assertj.core.api.Assertions.assertThat;

/** A container's usage read from cgroup v1 and v2 files laid out in a directory. */
class CgroupUsageTest {

    private static final long MB = 1024 * 1024;

    @TempDir
    Path dir;

    /** A v2 container with every file: 100M charged of which 40M is inactive page cache. */
    private CgroupFixture fullV2() {
        CgroupFixture host = CgroupFixture.v2(dir);
        return host.file(host.v2(), "cpu.stat", "usage_usec 2500000\nuser_usec 2000000\nsystem_usec 500000\n")
                .file(host.v2(), "memory.current", Long.toString(100 * MB))
                .file(host.v2(), "memory.stat", "anon 52428800\nfile 62914560\ninactive_file " + 40 * MB
                        + "\nactive_file 4096\n")
                .file(host.v2(), "memory.max", "max\n")
                .file(host.v2(), "pids.current", "7\n")
                .file(host.v2(), "io.stat", "8:0 rbytes=1000 wbytes=2000 rios=1 wios=2 dbytes=0 dios=0\n"
                        + "253:0 rbytes=10 wbytes=20 rios=1 wios=1 dbytes=0 dios=0\n")
                .file(host.v2(), "cgroup.procs", PID + "\n4243\n")
                .process(PID, 3, "1024")
                .process(4243, 2, "4096");
    }

    @Test
    void v2CountsCpuMemoryWithoutInactiveCacheTasksIoAndDescriptors() {
        Usage usage = CgroupUsage.of(fullV2().cgroup()).orElseThrow();

        assertThat(usage).isEqualTo(new Usage(2.5, 60 * MB, OptionalLong.empty(), 7, OptionalLong.of(5),
                OptionalLong.of(1024), 1010, 2020));
    }

    @Test
    void v2MemoryMaxIsTheLimit() {
        CgroupFixture host = fullV2();
        host.file(host.v2(), "memory.max", Long.toString(256 * MB));

        assertThat(CgroupUsage.of(host.cgroup()).orElseThrow().memoryLimitBytes()).hasValue(256 * MB);
    }

    @Test
    void v1CountsTheSameFromItsControllersAndTreatsItsHugeLimitAsNone() {
        CgroupFixture host = CgroupFixture.v1(dir);
        host.file(host.v1("cpu,cpuacct"), "cpuacct.usage", "1500000000\n")
                .file(host.v1("memory"), "memory.usage_in_bytes", Long.toString(70 * MB))
                // The hierarchical total_ counters are the ones that include child cgroups.
                .file(host.v1("memory"), "memory.stat", "cache 20971520\ninactive_file 4096\n"
                        + "total_cache 20971520\ntotal_inactive_file " + 10 * MB + "\n")
                .file(host.v1("memory"), "memory.limit_in_bytes", "9223372036854771712\n")
                .file(host.v1("memory"), "cgroup.procs", PID + "\n")
                .file(host.v1("pids"), "pids.current", "3\n")
                .file(host.v1("blkio"), "blkio.throttle.io_service_bytes", """
                        8:0 Read 4096
                        8:0 Write 8192
                        8:0 Sync 12288
                        8:0 Async 0
                        8:0 Total 12288
                        Total 12288
                        """)
                .process(PID, 4, "unlimited");

        Usage usage = CgroupUsage.of(host.cgroup()).orElseThrow();

        assertThat(usage).isEqualTo(new Usage(1.5, 60 * MB, OptionalLong.empty(), 3, OptionalLong.of(4),
                OptionalLong.empty(), 4096, 8192));
    }

    @Test
    void v1LimitBelowTheUnlimitedValueIsTheLimit() {
        CgroupFixture host = CgroupFixture.v1(dir);
        host.file(host.v1("cpu,cpuacct"), "cpuacct.usage", "1\n")
                .file(host.v1("memory"), "memory.usage_in_bytes", "8192\n")
                .file(host.v1("memory"), "memory.limit_in_bytes", Long.toString(64 * MB));

        assertThat(CgroupUsage.of(host.cgroup()).orElseThrow().memoryLimitBytes()).hasValue(64 * MB);
    }

    @Test
    void onAHybridHostTheV1ControllersCountAndTheV2HierarchyListsTheProcesses() {
        CgroupFixture host = CgroupFixture.hybrid(dir);
        host.file(host.v1("cpu,cpuacct"), "cpuacct.usage", "2000000000\n")
                .file(host.unified(), "cpu.stat", "usage_usec 999\n")
                .file(host.v1("memory"), "memory.usage_in_bytes", Long.toString(MB))
                .file(host.unified(), "cgroup.procs", PID + "\n")
                .process(PID, 1, "1024");

        Usage usage = CgroupUsage.of(host.cgroup()).orElseThrow();

        assertThat(usage.cpuSeconds()).isEqualTo(2.0);
        assertThat(usage.rssBytes()).isEqualTo(MB);
        assertThat(usage.openFds()).hasValue(1);
    }

    @Test
    void withoutCpuOrMemoryThereIsNoReadingSoTheEngineIsAsked() throws Exception {
        CgroupFixture host = fullV2();
        Files.delete(host.v2().resolve("memory.current"));

        assertThat(CgroupUsage.of(host.cgroup())).isEmpty();

        CgroupFixture other = CgroupFixture.v1(dir.resolve("v1"));
        other.file(other.v1("memory"), "memory.usage_in_bytes", "8192\n");
        assertThat(CgroupUsage.of(other.cgroup())).isEmpty();
    }

    @Test
    void optionalFilesThatAreMissingLeaveTheirPartEmptyOrZero() throws Exception {
        CgroupFixture host = fullV2();
        for (String file : new String[] {"memory.stat", "memory.max", "pids.current", "io.stat", "cgroup.procs"}) {
            Files.delete(host.v2().resolve(file));
        }
        host.file(host.v2(), "cgroup.threads", PID + "\n4243\n4244\n");

        Usage usage = CgroupUsage.of(host.cgroup()).orElseThrow();

        // No pids controller: the tasks are counted from the thread list instead.
        assertThat(usage).isEqualTo(new Usage(2.5, 100 * MB, OptionalLong.empty(), 3, OptionalLong.empty(),
                OptionalLong.empty(), 0, 0));
    }

    @Test
    void aProcessWhoseDescriptorsCannotBeListedMakesTheCountUnknown() throws Exception {
        CgroupFixture host = fullV2();
        Path fd = host.proc(4243).resolve("fd");
        try (var files = Files.list(fd)) {
            for (Path f : files.toList()) {
                Files.delete(f);
            }
        }
        Files.delete(fd);
        Files.writeString(fd, "not a directory"); // as unlistable as another user's descriptors

        Usage usage = CgroupUsage.of(host.cgroup()).orElseThrow();

        assertThat(usage.openFds()).isEmpty();
        assertThat(usage.fdLimit()).hasValue(1024);
    }

    @Test
    void aProcessThatEndedSinceTheListWasReadIsLeftOut() {
        CgroupFixture host = fullV2();
        host.file(host.v2(), "cgroup.procs", PID + "\n4243\n9999\n");

        assertThat(CgroupUsage.of(host.cgroup()).orElseThrow().openFds()).hasValue(5);
    }
}
