package dev.vigil.docker;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.model.Statistics;
import dev.vigil.runtime.Usage;
import org.junit.jupiter.api.Test;

import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

/** Usage from stats replies as Docker (cgroup v1 and v2) and Podman write them. */
class EngineStatsTest {

    private static final long MB = 1024 * 1024;
    private static final OptionalLong HOST_MEMORY = OptionalLong.of(25_276_510_208L);
    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private static Optional<Usage> usage(String reply) throws Exception {
        return EngineStats.of(JSON.readValue(reply, Statistics.class), HOST_MEMORY);
    }

    @Test
    void dockerOnCgroupV2() throws Exception {
        Optional<Usage> usage = usage("""
                {"pids_stats": {"current": 5, "limit": 4611686018427387903},
                 "blkio_stats": {"io_service_bytes_recursive": [
                   {"major": 8, "minor": 0, "op": "read", "value": 4096},
                   {"major": 8, "minor": 0, "op": "write", "value": 8192},
                   {"major": 253, "minor": 0, "op": "read", "value": 1}]},
                 "cpu_stats": {"cpu_usage": {"total_usage": 3000000000}, "online_cpus": 2},
                 "memory_stats": {"usage": 104857600, "limit": 268435456,
                   "stats": {"anon": 10, "inactive_file": 41943040}}}
                """);

        assertThat(usage).contains(new Usage(3.0, 60 * MB, OptionalLong.of(256 * MB), 5, OptionalLong.empty(),
                OptionalLong.empty(), 4097, 8192));
    }

    @Test
    void dockerOnCgroupV1SubtractsTheHierarchicalInactiveCache() throws Exception {
        Optional<Usage> usage = usage("""
                {"pids_stats": {"current": 2},
                 "blkio_stats": {"io_service_bytes_recursive": [
                   {"major": 8, "minor": 0, "op": "Read", "value": 100},
                   {"major": 8, "minor": 0, "op": "Write", "value": 200},
                   {"major": 8, "minor": 0, "op": "Total", "value": 300}]},
                 "cpu_stats": {"cpu_usage": {"total_usage": 500000000}},
                 "memory_stats": {"usage": 73400320, "limit": 9223372036854771712,
                   "stats": {"inactive_file": 1, "total_inactive_file": 10485760}}}
                """);

        assertThat(usage).contains(new Usage(0.5, 60 * MB, OptionalLong.empty(), 2, OptionalLong.empty(),
                OptionalLong.empty(), 100, 200));
    }

    @Test
    void podmanReportsTheHostsMemoryAsTheLimitOfAnUnlimitedContainer() throws Exception {
        // As Podman 4.3 answers: no memory detail to subtract, no blkio entries.
        Optional<Usage> usage = usage("""
                {"read": "2026-12-01T02:38:14.562310742Z", "pids_stats": {"current": 1},
                 "blkio_stats": {"io_service_bytes_recursive": [], "io_serviced_recursive": null},
                 "num_procs": 0,
                 "cpu_stats": {"cpu_usage": {"total_usage": 31318678, "percpu_usage": [1988597, 29330081]}},
                 "memory_stats": {"usage": 647168, "limit": 25276510208}}
                """);

        assertThat(usage).contains(new Usage(0.031318678, 647168, OptionalLong.empty(), 1, OptionalLong.empty(),
                OptionalLong.empty(), 0, 0));
    }

    @Test
    void aStoppedContainersEmptyReplyIsNoReading() throws Exception {
        Optional<Usage> usage = usage("""
                {"read": "0001-01-01T00:00:00Z", "pids_stats": {}, "blkio_stats": {},
                 "cpu_stats": {"cpu_usage": {"total_usage": 0}}, "memory_stats": {}}
                """);

        assertThat(usage).isEmpty();
    }
}
