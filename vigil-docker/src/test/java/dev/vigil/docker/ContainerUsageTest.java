package dev.vigil.docker;

import dev.vigil.runtime.Instance;
import dev.vigil.runtime.Usage;
import dev.vigil.stack.ContainerSpec;
import dev.vigil.stack.ContainerSpec.Resources;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Signal;
import dev.vigil.stack.StopSpec;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A container's usage on a real engine, read both ways: from its cgroup on this host, and from the engine's stats
 * by a runtime that finds no cgroup (as for a remote engine).
 */
class ContainerUsageTest {

    private static final String STACK = "cu-" + UUID.randomUUID().toString().substring(0, 8);
    private static final long MB = 1024 * 1024;
    @RegisterExtension
    static final RealEngine ENGINE = new RealEngine();

    @TempDir
    Path tempDir;

    private final List<DockerRuntime> runtimes = new ArrayList<>();

    /** Where a runtime reads usage from. */
    enum Source { CGROUP, ENGINE_STATS }

    @AfterEach
    void cleanUp() {
        runtimes.forEach(DockerRuntime::close);
        TestEngine.removeStack(ENGINE.engine(), STACK);
    }

    private static ConditionFactory await() {
        return Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .pollDelay(Duration.ZERO);
    }

    private DockerRuntime runtime(Source source) {
        Path logs = tempDir.resolve("logs");
        DockerRuntime runtime = switch (source) {
            case CGROUP -> new DockerRuntime(STACK, logs, ENGINE.engine());
            case ENGINE_STATS -> new DockerRuntime(STACK, logs, ENGINE.engine(),
                    new Cgroups(tempDir.resolve("no-proc"), tempDir.resolve("no-cgroup")));
        };
        runtimes.add(runtime);
        return runtime;
    }

    private Instance start(DockerRuntime runtime, Source source, String name, String script, Resources resources) {
        ContainerSpec plain = ContainerSpec.of(TestEngine.IMAGE);
        ContainerSpec container = new ContainerSpec(plain.image(), plain.entrypoint(), plain.ports(),
                plain.volumes(), plain.network(), resources, plain.labels());
        Instance instance = runtime.start(ServiceSpec.of(name, TestEngine.sh(script), tempDir)
                .withContainer(container));
        if (source == Source.CGROUP) {
            String id = ((ContainerInstance) instance).fullId();
            TestEngine.require(instance.pid().isPresent()
                    && Cgroups.host().find(instance.pid().getAsLong(), id).isPresent(),
                    "the container's cgroup cannot be read here, so usage would come from the engine's stats");
        }
        return instance;
    }

    private Instance start(Source source, String name, String script) {
        return start(runtime(source), source, name, script, Resources.NONE);
    }

    private static Usage usageOf(Instance instance) {
        return await().until(instance::usage, Optional::isPresent).orElseThrow();
    }

    @ParameterizedTest
    @EnumSource(Source.class)
    void memoryGrowsByWhatTheContainerAllocates(Source source) {
        DockerRuntime runtime = runtime(source);
        Instance instance = start(runtime, source, "allocator", "sleep 1000", Resources.NONE);
        long before = usageOf(instance).rssBytes();

        // tmpfs pages are charged to the container's memory cgroup, are not page cache it could drop, and stay.
        ExecResult fill = runtime.exec(instance.id(), TestEngine.sh("head -c 52428800 /dev/zero > /dev/shm/fill"),
                Duration.ofSeconds(30));

        assertThat(fill.success()).as(fill.output()).isTrue();
        long after = usageOf(instance).rssBytes();
        assertThat(after - before).isBetween(45 * MB, 60 * MB);
        assertThat(instance.memoryBytes().orElseThrow()).isBetween(after - 5 * MB, after + 5 * MB);
    }

    @ParameterizedTest
    @EnumSource(Source.class)
    void cpuSecondsGrowWhileTheContainerIsBusy(Source source) {
        Instance instance = start(source, "spinner", "while :; do :; done");
        double first = usageOf(instance).cpuSeconds();

        await().until(() -> instance.usage().map(Usage::cpuSeconds).orElse(0.0), cpu -> cpu >= first + 0.5);
    }

    @ParameterizedTest
    @EnumSource(Source.class)
    void threadsAreCountedAndDescriptorsOnlyWhereTheCgroupIsRead(Source source) {
        Instance instance = start(source, "sleeper", "sleep 1000");

        Usage usage = usageOf(instance);

        assertThat(usage.threads()).isGreaterThanOrEqualTo(1);
        assertThat(usage.cpuSeconds()).isGreaterThanOrEqualTo(0);
        if (source == Source.CGROUP) {
            assertThat(usage.openFds()).isPresent();
            assertThat(usage.openFds().getAsLong()).isGreaterThanOrEqualTo(3); // at least stdin, stdout, stderr
            assertThat(usage.fdLimit()).isPresent();
        } else {
            assertThat(usage.openFds()).isEmpty(); // the engine cannot say
            assertThat(usage.fdLimit()).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(Source.class)
    void aMemoryLimitIsReportedAndNoLimitIsNone(Source source) {
        DockerRuntime runtime = runtime(source);
        Instance limited = start(runtime, source, "limited", "sleep 1000",
                new Resources(Optional.of(64 * MB), Optional.empty(), Optional.empty()));
        Instance unlimited = start(runtime, source, "unlimited", "sleep 1000", Resources.NONE);

        assertThat(usageOf(limited).memoryLimitBytes()).hasValue(64 * MB);
        assertThat(usageOf(unlimited).memoryLimitBytes()).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(Source.class)
    void afterExitThereIsNoUsage(Source source) {
        Instance instance = start(source, "ending", "sleep 1000");
        usageOf(instance);

        instance.stop(new StopSpec(Signal.KILL, Duration.ZERO)).join();

        assertThat(instance.usage()).isEmpty();
        assertThat(instance.memoryBytes()).isEmpty();
    }
}
