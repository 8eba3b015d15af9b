package dev.vigil.docker;

import dev.vigil.auth.Role;
import dev.vigil.change.ApplyOutcome;
import dev.vigil.change.ApplyRequest;
import dev.vigil.change.Applier;
import dev.vigil.change.MemoryVersionStore;
import dev.vigil.change.PlanText;
import dev.vigil.event.Cause;
import dev.vigil.event.Event;
import dev.vigil.event.ServiceEvent;
import dev.vigil.event.ServiceEvent.ActionRequested;
import dev.vigil.event.ServiceEvent.InstanceStarted;
import dev.vigil.event.ServiceEvent.StartChosen;
import dev.vigil.event.StackEvent.ApplyRolledBack;
import dev.vigil.gate.DisruptionGate;
import dev.vigil.gate.GateState;
import dev.vigil.health.HttpProbe;
import dev.vigil.health.Probes;
import dev.vigil.stack.Stack;
import dev.vigil.stack.StackLoader;
import dev.vigil.supervise.StackSupervisor;
import dev.vigil.supervise.Supervisor;
import dev.vigil.time.SystemScheduler;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live reconfiguration of a stack of containers on a real engine, as {@code ApplyTest} does it for processes on
 * the manual clock: only the difference happens, and a new service that never becomes healthy is rolled back.
 */
class ContainerApplyTest {

    private static final String STACK = "apply-" + UUID.randomUUID().toString().substring(0, 8);
    private static final String SLEEP = "[\"sh\", \"-c\", \"sleep 1000 & wait\"]";
    private static final String BASE = """
            name: %s
            services:
              a:
                image: %s
                command: %s
                env: {VERSION: "1"}
                stop: {signal: KILL}
              b:
                image: %s
                command: %s
                stop: {signal: KILL}
              web:
                image: %s
                command: %s
                stop: {signal: KILL}
                health:
                  - {exec: ["true"], interval: 1s, timeout: 2s}
                  - {exec: ["sh", "-c", "true"], interval: 1s, timeout: 3s}
            """.formatted(STACK, TestEngine.IMAGE, SLEEP, TestEngine.IMAGE, SLEEP, TestEngine.IMAGE, SLEEP);

    @RegisterExtension
    static final RealEngine ENGINE = new RealEngine();

    @TempDir
    Path dir;

    private final SystemScheduler clock = new SystemScheduler();
    private final ExecutorService blocking = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Event> events = new CopyOnWriteArrayList<>();
    private DockerRuntime runtime;
    private StackSupervisor stack;
    private Applier applier;

    private void running(String yaml) {
        runtime = new DockerRuntime(STACK, dir.resolve("logs"), ENGINE.engine(), clock);
        Supervisor.Context ctx = new Supervisor.Context(runtime, clock, events::add,
                new ContainerProbes(new Probes(HttpProbe.newClient()), () -> runtime, clock), blocking,
                new Random(7)::nextLong, HttpProbe.newClient());
        stack = new StackSupervisor(parse(yaml), ctx,
                name -> Executors.newSingleThreadExecutor(Thread.ofVirtual().name("lane-" + name).factory()),
                StackSupervisor.DEFAULT_MAX_PARALLEL_STARTS);
        applier = new Applier(stack, new DisruptionGate(() -> GateState.NONE, clock, events::add),
                new MemoryVersionStore(), events::add, clock, blocking, next -> { });
        stack.start();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> stack.statuses().stream()
                .allMatch(s -> s.state().isReady()));
    }

    private Stack parse(String yaml) {
        return StackLoader.parse(yaml, dir.resolve("vigil.yaml"));
    }

    private ApplyOutcome apply(String yaml) throws Exception {
        return applier.apply(new ApplyRequest(parse(yaml), yaml, "alice", Optional.of(Role.ADMIN), "test",
                Optional.empty(), true)).get(60, TimeUnit.SECONDS);
    }

    /** The running container of each service, by the engine's own listing. */
    private Map<String, String> containers() {
        return runtime.containers(STACK).stream().filter(c -> c.state().equals("running"))
                .collect(Collectors.toMap(ContainerInfo::service, ContainerInfo::id));
    }

    /** The containers now, having checked that only {@code service}'s is a new one and every other kept its id. */
    private Map<String, String> onlyOneNew(Map<String, String> before, String service) {
        Map<String, String> after = containers();
        assertThat(after.keySet()).isEqualTo(before.keySet());
        before.forEach((name, id) -> assertThat(after.get(name).equals(id)).as(name + " keeps its container")
                .isEqualTo(!name.equals(service)));
        return after;
    }

    private <T extends ServiceEvent> List<T> events(Class<T> type, String service) {
        return events.stream().filter(type::isInstance).map(type::cast).filter(e -> e.service().equals(service))
                .toList();
    }

    @AfterEach
    void stopAndRemove() throws Exception {
        try {
            if (stack != null) {
                stack.stop("test over").get(60, TimeUnit.SECONDS);
                runtime.stackStopped();
            }
        } finally {
            if (runtime != null) {
                runtime.close();
            }
            TestEngine.removeStack(ENGINE.engine(), STACK);
            clock.close();
            blocking.shutdownNow();
        }
    }

    @Test
    void aChangedEnvironmentRecreatesThatContainerAloneAndSaysWhy() throws Exception {
        running(BASE);
        Map<String, String> before = containers();

        ApplyOutcome outcome = apply(BASE.replace("VERSION: \"1\"", "VERSION: \"2\""));

        assertThat(outcome).isInstanceOf(ApplyOutcome.Applied.class);
        Map<String, String> after = onlyOneNew(before, "a");
        assertThat(runtime.exec(after.get("a"), TestEngine.sh("echo $VERSION"), Duration.ofSeconds(5)).output())
                .isEqualTo("2\n");
        assertThat(events(ActionRequested.class, "a")).singleElement().satisfies(e -> {
            assertThat(e.cause()).isEqualTo(Cause.APPLY);
            assertThat(e.action()).isEqualTo("replace: env.VERSION");
        });
        assertThat(events(InstanceStarted.class, "a")).extracting(InstanceStarted::instance)
                .containsExactly(before.get("a"), after.get("a"));
        assertThat(events(StartChosen.class, "a")).singleElement().satisfies(chosen -> {
            assertThat(chosen.instance()).isEqualTo(after.get("a"));
            assertThat(chosen.choice()).isEqualTo("recreated");
            assertThat(chosen.reason()).startsWith("its definition changed (");
        });
        assertThat(events(InstanceStarted.class, "b")).hasSize(1);
        assertThat(events(InstanceStarted.class, "web")).hasSize(1);
    }

    @Test
    void aProbeThresholdChangeReplacesNothing() throws Exception {
        running(BASE);
        Map<String, String> before = containers();

        ApplyOutcome outcome = apply(BASE.replace("timeout: 3s", "timeout: 3s, failure_threshold: 5"));

        assertThat(outcome).isInstanceOfSatisfying(ApplyOutcome.Applied.class, a -> assertThat(PlanText.summary(a.plan()))
                .isEqualTo("0 to start, 0 to replace, 1 to change live, 0 to stop, 2 unchanged"));
        assertThat(containers()).isEqualTo(before);
        assertThat(stack.supervisor("web").orElseThrow().spec().health().get(1).timing().failureThreshold())
                .isEqualTo(5);
        assertThat(events.stream().filter(InstanceStarted.class::isInstance)).hasSize(3);
        assertThat(events.stream().filter(ActionRequested.class::isInstance)).singleElement()
                .isEqualTo(events(ActionRequested.class, "web").getFirst())
                .satisfies(e -> assertThat(((ActionRequested) e).action())
                        .isEqualTo("change live: health[1].failure_threshold"));
    }

    /** The first exec probe is the container's HEALTHCHECK (its retries are the threshold): part of what it is made from. */
    @Test
    void aThresholdChangeOfTheContainersHealthcheckRecreatesIt() throws Exception {
        running(BASE);
        Map<String, String> before = containers();

        ApplyOutcome outcome = apply(BASE.replace("timeout: 2s", "timeout: 2s, failure_threshold: 5"));

        assertThat(outcome).isInstanceOf(ApplyOutcome.Applied.class);
        onlyOneNew(before, "web");
        assertThat(events(ActionRequested.class, "web")).singleElement()
                .satisfies(e -> assertThat(e.action()).isEqualTo("replace: health[0].failure_threshold"));
        assertThat(events(StartChosen.class, "web")).singleElement()
                .satisfies(e -> assertThat(e.choice()).isEqualTo("recreated"));
    }

    @Test
    void aNewServiceThatNeverBecomesHealthyIsRolledBackByItself() throws Exception {
        running(BASE);
        Map<String, String> before = containers();
        String withBroken = BASE + """
                  broken:
                    image: %s
                    command: %s
                    stop: {signal: KILL}
                    health: {exec: ["false"], interval: 1s, timeout: 1s, failure_threshold: 1}
                """.formatted(TestEngine.IMAGE, SLEEP);

        ApplyOutcome outcome = apply(withBroken);

        assertThat(outcome).isInstanceOfSatisfying(ApplyOutcome.RolledBack.class,
                r -> assertThat(r.detail()).isEqualTo("broken not ready in time"));
        assertThat(events.stream().filter(ApplyRolledBack.class::isInstance)).hasSize(1);
        assertThat(stack.supervisor("broken")).isEmpty();
        assertThat(stack.stack().service("broken")).isEmpty();
        assertThat(events(InstanceStarted.class, "broken")).isNotEmpty();
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> containers().equals(before));
        assertThat(events.stream().filter(InstanceStarted.class::isInstance)
                .map(e -> ((InstanceStarted) e).service()).filter(s -> !s.equals("broken"))).hasSize(3);
    }
}
