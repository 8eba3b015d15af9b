package dev.vigil.docker;

import dev.vigil.docker.LimitCheck.Limit;
import dev.vigil.docker.LimitReport.Row;
import dev.vigil.docker.LimitReport.Verdict;
import dev.vigil.stack.ContainerSpec;
import dev.vigil.stack.ContainerSpec.Resources;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Stack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Declared limits against those of real containers on a real engine. */
class LimitCheckTest {

    private static final String STACK = "lc-" + UUID.randomUUID().toString().substring(0, 8);
    private static final long MB = 1024 * 1024;
    private static final Resources LIMITS = new Resources(Optional.of(64 * MB), Optional.of(0.5), Optional.of(64L));
    @RegisterExtension
    static final RealEngine ENGINE = new RealEngine();

    @TempDir
    Path dir;

    @AfterEach
    void removeContainers() {
        TestEngine.removeStack(ENGINE.engine(), STACK);
    }

    private ServiceSpec container(String name, Resources resources) {
        ContainerSpec spec = new ContainerSpec(TestEngine.IMAGE, Optional.empty(), List.of(), List.of(),
                Optional.empty(), resources, Map.of());
        return ServiceSpec.of(name, List.of("sleep", "300"), dir).withContainer(spec);
    }

    private Stack stack(ServiceSpec... services) {
        return new Stack(STACK, dir.resolve("vigil.yaml"), List.of(services));
    }

    private void start(ServiceSpec... services) {
        try (DockerRuntime runtime = new DockerRuntime(STACK, dir.resolve("logs"), ENGINE.engine())) {
            for (ServiceSpec s : services) {
                runtime.start(s);
            }
        }
    }

    private static Row row(LimitReport report, String service) {
        return report.rows().stream().filter(r -> r.service().equals(service)).findFirst().orElseThrow();
    }

    @Test
    void matchingLimitsAreOk() {
        ServiceSpec web = container("web", LIMITS);
        start(web);

        LimitReport report = LimitCheck.run(Optional.of(ENGINE.engine()), stack(web), Set.of(Limit.MEMORY, Limit.CPUS, Limit.PIDS));

        Row row = row(report, "web");
        assertThat(row.verdict()).isEqualTo(new Verdict.Ok());
        assertThat(row.container()).contains("vigil-" + STACK + "-web");
        assertThat(row.actual().orElseThrow().memoryBytes()).contains(64 * MB);
        assertThat(row.actual().orElseThrow().pids()).contains(64L);
        assertThat(report.failed()).isFalse();
        assertThat(report.declaredMemory()).isEqualTo(64 * MB);
    }

    @Test
    void aContainerRunningWithOtherLimitsThanTheFileDeclaresIsDrift() {
        // Started from an older version of the stack file: 128M, 1 CPU, 100 pids.
        start(container("web", new Resources(Optional.of(128 * MB), Optional.of(1.0), Optional.of(100L))));

        LimitReport report = LimitCheck.run(Optional.of(ENGINE.engine()), stack(container("web", LIMITS)), Set.of());

        Verdict verdict = row(report, "web").verdict();
        assertThat(verdict).isInstanceOf(Verdict.Drift.class);
        assertThat(verdict.text()).isEqualTo("drift: memory declared 64M, actual 128M; cpus declared 0.5, actual 1;"
                + " pids declared 64, actual 100");
        assertThat(report.failed()).isTrue();
    }

    @Test
    void podmanUpdateBehindVigilsBackIsDrift() throws Exception {
        ServiceSpec web = container("web", LIMITS);
        start(web);
        String podman = TestEngine.podman();

        Process update = new ProcessBuilder(podman, "--url", ENGINE.engine().host(), "update", "--memory", "128m",
                "--memory-swap", "128m", "vigil-" + STACK + "-web").redirectErrorStream(true).start();
        assertThat(update.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(update.exitValue()).as(new String(update.getInputStream().readAllBytes())).isZero();

        LimitReport report = LimitCheck.run(Optional.of(ENGINE.engine()), stack(web), Set.of());

        assertThat(row(report, "web").verdict().text()).isEqualTo("drift: memory declared 64M, actual 128M");
        assertThat(report.failed()).isTrue();
    }

    @Test
    void aRequiredLimitNotDeclaredIsMissingButOnlyWhenRequired() {
        ServiceSpec worker = container("worker", new Resources(Optional.empty(), Optional.of(0.5), Optional.empty()));
        start(worker);

        LimitReport lenient = LimitCheck.run(Optional.of(ENGINE.engine()), stack(worker), Set.of());
        LimitReport strict = LimitCheck.run(Optional.of(ENGINE.engine()), stack(worker), Set.of(Limit.PIDS, Limit.MEMORY));

        assertThat(row(lenient, "worker").verdict()).isEqualTo(new Verdict.Ok());
        assertThat(lenient.failed()).isFalse();
        assertThat(row(strict, "worker").verdict().text()).isEqualTo("missing: no memory, pids limit declared");
        assertThat(strict.failed()).isTrue();
    }

    @Test
    void servicesWithoutARunningContainerAndProcessesNeverFail() {
        ServiceSpec db = container("db", LIMITS);
        ServiceSpec job = ServiceSpec.of("job", List.of("sleep", "1"), dir);

        LimitReport report = LimitCheck.run(Optional.of(ENGINE.engine()), stack(db, job), Set.of(Limit.MEMORY));

        assertThat(row(report, "db").verdict().text()).isEqualTo("not running");
        assertThat(row(report, "job").verdict().text()).isEqualTo("process: not a container");
        assertThat(report.failed()).isFalse();
    }

    @Test
    void declaredMemoryIsSummedAgainstTheHostsMemTotal() throws Exception {
        Path meminfo = Files.writeString(dir.resolve("meminfo"), "MemTotal:         102400 kB\nMemFree: 1 kB\n");
        OptionalLong host = LimitCheck.hostMemory(meminfo);
        Stack stack = stack(container("a", LIMITS), container("b", LIMITS));

        LimitReport report = LimitCheck.compare(stack, Map.of(), Set.of(), host);

        assertThat(host).hasValue(100 * MB);
        assertThat(report.declaredMemory()).isEqualTo(128 * MB);
        assertThat(report.overcommitted()).isTrue();
        assertThat(LimitCheck.compare(stack, Map.of(), Set.of(), OptionalLong.of(1024 * MB)).overcommitted())
                .isFalse();
        assertThat(LimitCheck.hostMemory(dir.resolve("absent"))).isEmpty();
    }

    @Test
    void requireNamesOnlyKnownLimits() {
        assertThat(Limit.parseList("memory, pids")).containsExactlyInAnyOrder(Limit.MEMORY, Limit.PIDS);
        assertThat(Limit.parseList("")).isEmpty();
        assertThatThrownBy(() -> Limit.parseList("memory,disk")).hasMessageContaining("unknown limit `disk`");
    }
}
