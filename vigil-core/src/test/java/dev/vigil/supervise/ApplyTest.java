package dev.vigil.supervise;

import dev.vigil.auth.Role;
import dev.vigil.change.ApplyInProgressException;
import dev.vigil.change.ApplyOutcome;
import dev.vigil.change.ApplyRequest;
import dev.vigil.change.Applier;
import dev.vigil.change.MemoryVersionStore;
import dev.vigil.change.VersionResult;
import dev.vigil.event.Cause;
import dev.vigil.event.ServiceEvent.ActionRequested;
import dev.vigil.event.ServiceEvent.DisruptionRefused;
import dev.vigil.event.StackEvent.ApplyRolledBack;
import dev.vigil.event.StackEvent.ConfigApplied;
import dev.vigil.gate.DisruptionGate;
import dev.vigil.gate.GateState;
import dev.vigil.stack.Stack;
import dev.vigil.stack.StackLoader;
import dev.vigil.window.Calendar;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Applying an edited stack file to a running stack, on the manual clock: only the difference happens. */
class ApplyTest {

    private static final Path FILE = Path.of("/srv/shop/vigil.yaml");
    private static final String BASE = """
            services:
              db: {command: ["db"]}
              api: {command: ["api"], depends_on: [db]}
              worker: {command: ["worker"]}
              web:
                command: ["web"]
                health: {http: "http://127.0.0.1:1/web", interval: 1s, start_period: 2s}
            """;

    private final Harness h = new Harness(Harness.midpoint());
    private final MemoryVersionStore versions = new MemoryVersionStore();
    private final AtomicReference<GateState> gateState = new AtomicReference<>(GateState.NONE);
    private final List<Stack> told = new ArrayList<>();
    private StackSupervisor stack;
    private Applier applier;

    private void running(String yaml) {
        stack = new StackSupervisor(StackLoader.parse(yaml, FILE), h.context, name -> h.context.blocking(),
                StackSupervisor.DEFAULT_MAX_PARALLEL_STARTS);
        DisruptionGate gate = new DisruptionGate(gateState::get, h.scheduler, h.events::add);
        applier = new Applier(stack, gate, versions, h.events::add, h.scheduler, h.context.blocking(), told::add);
        h.healthy("web");
        stack.start();
        h.advance(Duration.ofSeconds(5));
        assertThat(stack.statuses()).allMatch(s -> s.state().isReady());
    }

    private CompletableFuture<ApplyOutcome> apply(String yaml, boolean rollback) {
        Stack next = StackLoader.parse(yaml, FILE);
        CompletableFuture<ApplyOutcome> outcome = applier.apply(new ApplyRequest(next, yaml, "alice",
                Optional.of(Role.ADMIN), "test", Optional.empty(), rollback));
        h.drain();
        return outcome;
    }

    private long pid(String service) {
        return stack.supervisor(service).orElseThrow().status().pid().orElseThrow();
    }

    @Test
    void aChangedCommandReplacesThatServiceAloneAndIsRecorded() {
        running(BASE);
        long db = pid("db");
        long worker = pid("worker");
        long web = pid("web");

        CompletableFuture<ApplyOutcome> outcome = apply(BASE.replace("command: [\"api\"]", "command: [\"api\", \"--v2\"]"), true);
        h.advance(Duration.ofSeconds(2));

        assertThat(outcome).isCompleted();
        assertThat(outcome.join()).isInstanceOfSatisfying(ApplyOutcome.Applied.class, a -> {
            assertThat(a.version().number()).isEqualTo(1);
            assertThat(a.version().result()).isEqualTo(VersionResult.APPLIED);
            assertThat(a.version().actor()).isEqualTo("alice");
        });
        assertThat(h.runtime.started("api")).hasSize(2);
        assertThat(h.runtime.current("api").service()).isEqualTo("api");
        assertThat(stack.supervisor("api").orElseThrow().spec().command()).containsExactly("api", "--v2");
        assertThat(List.of(pid("db"), pid("worker"), pid("web"))).containsExactly(db, worker, web);
        assertThat(h.runtime.started("db")).hasSize(1);
        assertThat(h.events(ActionRequested.class, "api")).singleElement().satisfies(e -> {
            assertThat(e.cause()).isEqualTo(Cause.APPLY);
            assertThat(e.action()).isEqualTo("replace: command");
        });
        assertThat(h.events(ConfigApplied.class)).singleElement()
                .satisfies(e -> assertThat(e.summary()).isEqualTo("0 to start, 1 to replace, 0 to change live, 0 to stop, 3 unchanged"));
        assertThat(stack.stack().service("api").orElseThrow().command()).containsExactly("api", "--v2");
        assertThat(told).hasSize(1);
    }

    @Test
    void aThresholdChangeIsAppliedLiveWithoutANewInstance() {
        running(BASE);
        long web = pid("web");
        h.unhealthy("web");

        CompletableFuture<ApplyOutcome> outcome = apply(BASE.replace("interval: 1s", "interval: 1s, failure_threshold: 5"), true);

        assertThat(outcome.join()).isInstanceOf(ApplyOutcome.Applied.class);
        assertThat(pid("web")).isEqualTo(web);
        assertThat(h.runtime.started("web")).hasSize(1);
        assertThat(stack.supervisor("web").orElseThrow().spec().health().getFirst().timing().failureThreshold())
                .isEqualTo(5);
        // Checks at about +0.05s, +0.55s, +1.55s, +2.55s, +3.55s: three failures no longer replace it, five do.
        h.advance(Duration.ofSeconds(3));
        assertThat(h.runtime.started("web")).as("four failures seen, five needed").hasSize(1);
        h.advance(Duration.ofSeconds(1));
        assertThat(h.runtime.started("web")).hasSize(2);
    }

    @Test
    void aNewServiceStartsAndARemovedOneStops() {
        running(BASE);
        String next = BASE.replace("  worker: {command: [\"worker\"]}\n", "  cache: {command: [\"cache\"]}\n");

        CompletableFuture<ApplyOutcome> outcome = apply(next, true);
        h.advance(Duration.ofSeconds(2));

        assertThat(outcome.join()).isInstanceOf(ApplyOutcome.Applied.class);
        assertThat(h.runtime.started("worker").getFirst().isAlive()).isFalse();
        assertThat(stack.supervisor("worker")).isEmpty();
        assertThat(stack.supervisor("cache").orElseThrow().status().state()).isEqualTo(ServiceState.RUNNING);
        assertThat(stack.statuses()).extracting(ServiceStatus::name).containsExactlyInAnyOrder("db", "api", "web", "cache");
    }

    @Test
    void aReplacementThatNeverBecomesReadyIsRolledBack() {
        running(BASE);
        long web = pid("web");
        h.unhealthy("web"); // the new instance never answers

        CompletableFuture<ApplyOutcome> outcome = apply(BASE.replace("command: [\"web\"]", "command: [\"web\", \"--broken\"]"), true);
        h.advance(Duration.ofSeconds(2));
        assertThat(outcome).isNotDone();
        h.advance(Duration.ofSeconds(5)); // start period 2s + 3 × 1s + timeout 1s

        assertThat(outcome.join()).isInstanceOfSatisfying(ApplyOutcome.RolledBack.class, r -> {
            assertThat(r.version().result()).isEqualTo(VersionResult.ROLLED_BACK);
            assertThat(r.detail()).isEqualTo("web not ready in time");
        });
        assertThat(stack.supervisor("web").orElseThrow().spec().command()).containsExactly("web");
        assertThat(stack.stack().service("web").orElseThrow().command()).containsExactly("web");
        assertThat(h.runtime.current("web").pid().orElseThrow()).isNotEqualTo(web);
        assertThat(h.events(ApplyRolledBack.class)).singleElement()
                .satisfies(e -> assertThat(e.message()).isEqualTo("version 1 rolled back to the stack as started: web not ready in time"));
        assertThat(h.events(ActionRequested.class, "web")).extracting(ActionRequested::cause)
                .containsExactly(Cause.APPLY, Cause.ROLLBACK);
    }

    @Test
    void withoutRollbackTheNewVersionIsKeptAndMarkedFailed() {
        running(BASE);
        h.unhealthy("web");

        CompletableFuture<ApplyOutcome> outcome = apply(BASE.replace("command: [\"web\"]", "command: [\"web\", \"--broken\"]"), false);
        h.advance(Duration.ofSeconds(8));

        assertThat(outcome.join()).isInstanceOfSatisfying(ApplyOutcome.Failed.class,
                f -> assertThat(f.version().result()).isEqualTo(VersionResult.FAILED));
        assertThat(stack.supervisor("web").orElseThrow().spec().command()).containsExactly("web", "--broken");
    }

    @Test
    void insideAFreezeNothingIsAppliedAndTheRefusalsAreRecorded() {
        running(BASE);
        gateState.set(new GateState(new Calendar(StackLoader.parse(BASE + """
                windows:
                  now: {kind: freeze, from: "2025-12-31 00:00", to: "2026-01-02 00:00", zone: UTC, services: [api]}
                """, FILE).windows()), List.of()));

        CompletableFuture<ApplyOutcome> outcome = apply(BASE.replace("command: [\"api\"]", "command: [\"api\", \"--v2\"]")
                .replace("interval: 1s", "interval: 2s"), true);

        assertThat(outcome.join()).isInstanceOfSatisfying(ApplyOutcome.Refused.class,
                r -> assertThat(r.refusals()).singleElement().satisfies(x -> assertThat(x.disruption().service()).isEqualTo("api")));
        assertThat(h.runtime.started("api")).hasSize(1);
        assertThat(stack.supervisor("web").orElseThrow().spec().health().getFirst().timing().interval())
                .as("the live change did not happen either").isEqualTo(Duration.ofSeconds(1));
        assertThat(h.events(DisruptionRefused.class, "api")).singleElement()
                .satisfies(e -> assertThat(e.cause()).isEqualTo(Cause.APPLY));
        assertThat(versions.list()).isEmpty();
    }

    @Test
    void aSecondApplyWhileOneRunsIsRefused() {
        running(BASE);
        String changed = BASE.replace("command: [\"web\"]", "command: [\"web\", \"-v\"]");
        CompletableFuture<ApplyOutcome> first = apply(changed, true);
        assertThat(first).isNotDone();

        assertThatThrownBy(() -> apply(BASE.replace("command: [\"db\"]", "command: [\"db\", \"-v\"]"), true))
                .isInstanceOf(ApplyInProgressException.class);

        h.advance(Duration.ofSeconds(3));
        assertThat(first.join()).isInstanceOf(ApplyOutcome.Applied.class);
        assertThat(apply(changed, true).join()).as("the same file again").isInstanceOf(ApplyOutcome.NoChanges.class);
    }
}
