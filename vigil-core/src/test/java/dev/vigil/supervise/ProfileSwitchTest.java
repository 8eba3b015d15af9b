package dev.vigil.supervise;

import dev.vigil.auth.Role;
import dev.vigil.change.ApplyOutcome;
import dev.vigil.change.ApplyRequest;
import dev.vigil.change.Applier;
import dev.vigil.change.MemoryVersionStore;
import dev.vigil.change.ProfileSwitcher;
import dev.vigil.event.Cause;
import dev.vigil.event.ServiceEvent.ActionRequested;
import dev.vigil.event.ServiceEvent.DisruptionRefused;
import dev.vigil.event.StackEvent.ProfileActivated;
import dev.vigil.event.StackEvent.ProfileDeactivated;
import dev.vigil.gate.DisruptionGate;
import dev.vigil.gate.GateState;
import dev.vigil.gate.WindowWatcher;
import dev.vigil.stack.Stack;
import dev.vigil.stack.StackLoader;
import dev.vigil.window.Calendar;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Profiles switch on and off at their window's edges, on the manual clock (which starts at 2026-01-01 00:00 UTC):
 * live settings without a new instance, a changed command through the gate.
 */
class ProfileSwitchTest {

    private static final Path FILE = Path.of("/srv/shop/vigil.yaml");
    private static final String STACK = """
            services:
              db: {command: ["db"]}
              worker: {command: ["worker"], env: {BATCH: "100"}}
              web:
                command: ["web"]
                health: {http: "http://127.0.0.1:1/web", interval: 1s, start_period: 2s}
                restart: on-failure
            windows:
              peak: {kind: period, from: "2026-01-01 01:00", to: "2026-01-01 02:00", zone: UTC}
            profiles:
              strict:
                window: peak
                services: [web]
                set:
                  health: {failure_threshold: 1}
                  restart: {limit: 3 in 1m}
              small-batches:
                window: peak
                services: ["work*"]
                set: {env: {BATCH: "10"}}
            """;

    private final Harness h = new Harness(Harness.midpoint());
    private final AtomicReference<GateState> gateState = new AtomicReference<>(GateState.NONE);
    private StackSupervisor stack;
    private Applier applier;

    private void running(String yaml, Duration at) {
        h.advance(at);
        Stack base = StackLoader.parse(yaml, FILE);
        stack = new StackSupervisor(Applier.effective(base, yaml, h.scheduler.now()), h.context,
                name -> h.context.blocking(), StackSupervisor.DEFAULT_MAX_PARALLEL_STARTS);
        DisruptionGate gate = new DisruptionGate(gateState::get, h.scheduler, h.events::add);
        applier = new Applier(stack, gate, new MemoryVersionStore(), h.events::add, h.scheduler, h.context.blocking(),
                next -> { });
        applier.running(yaml);
        ProfileSwitcher switcher = new ProfileSwitcher(applier, h.scheduler, h.context.blocking());
        WindowWatcher watcher = new WindowWatcher("shop", () -> new Calendar(base.windows()), h.scheduler,
                h.events::add);
        watcher.onEdge(switcher::changed);
        h.healthy("web");
        stack.start();
        watcher.start();
        h.advance(Duration.ofSeconds(5));
        assertThat(stack.statuses()).allMatch(s -> s.state().isReady());
    }

    private long pid(String service) {
        return stack.supervisor(service).orElseThrow().status().pid().orElseThrow();
    }

    private Supervisor supervisor(String service) {
        return stack.supervisor(service).orElseThrow();
    }

    @Test
    void atTheWindowsEdgesLiveSettingsChangeInPlaceAndAChangedEnvReplacesTheInstance() {
        running(STACK, Duration.ZERO);
        long web = pid("web");
        long worker = pid("worker");
        assertThat(stack.stack().activeProfiles()).isEmpty();

        h.advance(Duration.ofMinutes(60)); // 01:00:05, the window opened at 01:00

        assertThat(h.events(ProfileActivated.class)).extracting(ProfileActivated::profile)
                .containsExactly("strict", "small-batches");
        assertThat(h.events(ProfileActivated.class).getFirst().message())
                .isEqualTo("profile strict active (window peak) for web: {health: {failure_threshold: 1}, "
                        + "restart: {limit: 3 in 1m}}");
        assertThat(pid("web")).as("probe settings change live").isEqualTo(web);
        assertThat(supervisor("web").spec().health().getFirst().timing().failureThreshold()).isEqualTo(1);
        assertThat(supervisor("web").spec().health().getFirst().timing().interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(supervisor("web").spec().restart().limit().orElseThrow().count()).isEqualTo(3);
        assertThat(supervisor("web").spec().restart().policy().name()).as("the shorthand's policy stays")
                .isEqualTo("ON_FAILURE");
        assertThat(supervisor("worker").spec().env()).containsEntry("BATCH", "10");
        assertThat(pid("worker")).as("a changed env needs a new instance").isNotEqualTo(worker);
        assertThat(h.events(ActionRequested.class, "worker")).singleElement().satisfies(e -> {
            assertThat(e.cause()).isEqualTo(Cause.PROFILE);
            assertThat(e.action()).isEqualTo("replace: env.BATCH");
            assertThat(e.reason()).isEqualTo("profiles strict, small-batches active");
        });
        assertThat(stack.stack().activeProfiles()).containsExactly("strict", "small-batches");
        assertThat(pid("db")).isEqualTo(h.runtime.started("db").getFirst().pid().orElseThrow());

        h.advance(Duration.ofMinutes(60)); // 02:00:05

        assertThat(h.events(ProfileDeactivated.class)).extracting(ProfileDeactivated::profile)
                .containsExactly("strict", "small-batches");
        assertThat(supervisor("web").spec().health().getFirst().timing().failureThreshold()).isEqualTo(3);
        assertThat(pid("web")).isEqualTo(web);
        assertThat(supervisor("worker").spec().env()).containsEntry("BATCH", "100");
        assertThat(h.runtime.started("worker")).hasSize(3);
        assertThat(h.runtime.started("db")).hasSize(1);
        assertThat(stack.stack().activeProfiles()).isEmpty();
    }

    @Test
    void aStackStartedInsideTheWindowStartsWithItsProfiles() {
        running(STACK, Duration.ofMinutes(90));

        assertThat(stack.stack().activeProfiles()).containsExactly("strict", "small-batches");
        assertThat(supervisor("worker").spec().env()).containsEntry("BATCH", "10");
        assertThat(h.runtime.started("worker")).hasSize(1);
    }

    @Test
    void aFrozenServiceKeepsItsInstanceUntilTheFreezeEndsWhileLiveSettingsApply() {
        String peak = "  peak: {kind: period, from: \"2026-01-01 01:00\", to: \"2026-01-01 02:00\", zone: UTC}\n";
        running(STACK.replace(peak, peak + "  hold: {kind: freeze, from: \"2026-01-01 00:30\", to: \"2026-01-01 01:30\","
                + " zone: UTC, services: [worker]}\n"), Duration.ZERO);
        long worker = pid("worker");
        gateState.set(new GateState(new Calendar(stack.stack().windows()), List.of()));

        h.advance(Duration.ofMinutes(60)); // 01:00:05: the profiles' window opened inside the freeze

        assertThat(supervisor("web").spec().health().getFirst().timing().failureThreshold()).isEqualTo(1);
        assertThat(pid("worker")).isEqualTo(worker);
        assertThat(supervisor("worker").spec().env()).containsEntry("BATCH", "100");
        assertThat(h.events(DisruptionRefused.class, "worker")).singleElement()
                .satisfies(e -> assertThat(e.cause()).isEqualTo(Cause.PROFILE));

        h.advance(Duration.ofMinutes(30)); // 01:30:05: the freeze closed, the profile is still on

        assertThat(pid("worker")).isNotEqualTo(worker);
        assertThat(supervisor("worker").spec().env()).containsEntry("BATCH", "10");
        assertThat(h.events(ProfileActivated.class)).hasSize(2);
    }

    @Test
    void anApplyInsideTheWindowLaysTheOpenProfilesOverTheNewFile() {
        running(STACK, Duration.ofMinutes(90));
        String edited = STACK.replace("BATCH: \"10\"", "BATCH: \"5\"");

        var outcome = applier.apply(new ApplyRequest(StackLoader.parse(edited, FILE), edited, "alice",
                Optional.of(Role.ADMIN), "smaller", Optional.empty(), true));
        h.advance(Duration.ofSeconds(12));

        assertThat(outcome.join()).isInstanceOfSatisfying(ApplyOutcome.Applied.class, a ->
                assertThat(a.plan().profiles()).singleElement().satisfies(p -> assertThat(p.name())
                        .isEqualTo("small-batches")));
        assertThat(supervisor("worker").spec().env()).containsEntry("BATCH", "5");

        h.advance(Duration.ofMinutes(30)); // 02:00:12: the window closed; the new file's base applies
        assertThat(supervisor("worker").spec().env()).containsEntry("BATCH", "100");
    }
}
