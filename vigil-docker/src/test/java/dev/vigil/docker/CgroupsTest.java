package dev.vigil.docker;

import dev.vigil.stack.ContainerSpec.Resources;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import static dev.vigil.docker.CgroupFixture.ID;
import static dev.vigil.docker.CgroupFixture.PID;
import static org.assertj.core.api.Assertions.assertThat;

/** Finding a container's cgroup from its main process, and the limits read there, on laid-out hosts. */
class CgroupsTest {

    @TempDir
    Path dir;

    @Test
    void onCgroupV2TheContainerHasOneDirectory() {
        CgroupFixture host = CgroupFixture.v2(dir);

        ContainerCgroup cgroup = host.cgroup();

        assertThat(cgroup.v2()).contains(host.v2());
        assertThat(cgroup.controllers()).isEmpty();
    }

    @Test
    void onCgroupV1EachControllerOfAJointMountFindsItsDirectory() {
        CgroupFixture host = CgroupFixture.v1(dir);

        ContainerCgroup cgroup = host.cgroup();

        assertThat(cgroup.v1("cpu")).contains(host.v1("cpu,cpuacct"));
        assertThat(cgroup.v1("cpuacct")).contains(host.v1("cpu,cpuacct"));
        assertThat(cgroup.v1("memory")).contains(host.v1("memory"));
        assertThat(cgroup.v1("name=systemd")).isEmpty(); // not mounted here
        assertThat(cgroup.v2()).isEmpty();
    }

    @Test
    void onAHybridHostTheV2HierarchyIsUnderUnified() {
        CgroupFixture host = CgroupFixture.hybrid(dir);

        ContainerCgroup cgroup = host.cgroup();

        assertThat(cgroup.v2()).contains(host.unified());
        assertThat(cgroup.v1("memory")).contains(host.v1("memory"));
    }

    @Test
    void aProcessWhoseCgroupDoesNotNameTheContainerIsNotIt() throws Exception {
        // Another pid namespace's pid (a remote engine's) is some unrelated local process here.
        CgroupFixture host = CgroupFixture.v2(dir);
        Files.writeString(host.proc(PID).resolve("cgroup"), "0::/user.slice/session-1.scope\n");

        assertThat(host.cgroups().find(PID, ID)).isEmpty();
        assertThat(host.cgroups().find(PID + 1, ID)).isEmpty(); // no such process
    }

    @Test
    void limitsComeFromTheCgroupWithMaxAsNone() {
        CgroupFixture host = CgroupFixture.v2(dir);
        host.file(host.v2(), "memory.max", "max\n")
                .file(host.v2(), "cpu.max", "50000 100000\n")
                .file(host.v2(), "pids.max", "64\n");

        assertThat(CgroupLimits.of(host.cgroup()))
                .contains(new Resources(Optional.empty(), Optional.of(0.5), Optional.of(64L)));
    }

    @Test
    void v1sUnlimitedMemoryAndQuotaAreNone() {
        CgroupFixture host = CgroupFixture.v1(dir);
        host.file(host.v1("memory"), "memory.limit_in_bytes", "9223372036854771712\n")
                .file(host.v1("cpu,cpuacct"), "cpu.cfs_quota_us", "-1\n")
                .file(host.v1("cpu,cpuacct"), "cpu.cfs_period_us", "100000\n")
                .file(host.v1("pids"), "pids.max", "max\n");

        assertThat(CgroupLimits.of(host.cgroup()))
                .contains(new Resources(Optional.empty(), Optional.empty(), Optional.empty()));
    }
}
