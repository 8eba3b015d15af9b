package dev.vigil.supervise;

import dev.vigil.event.Cause;
import dev.vigil.event.ServiceEvent;
import dev.vigil.event.ServiceEvent.GaveUp;
import dev.vigil.event.ServiceEvent.InstanceAdopted;
import dev.vigil.event.ServiceEvent.InstanceExited;
import dev.vigil.event.ServiceEvent.InstanceLost;
import dev.vigil.event.ServiceEvent.InstanceStarted;
import dev.vigil.event.ServiceEvent.MemoryLimitExceeded;
import dev.vigil.event.ServiceEvent.ProbeCheckerFailed;
import dev.vigil.event.ServiceEvent.ProbeChanged;
import dev.vigil.event.ServiceEvent.RecoveryAttempted;
import dev.vigil.event.ServiceEvent.RestartScheduled;
import dev.vigil.event.ServiceEvent.StartChosen;
import dev.vigil.event.ServiceEvent.StartFailed;
import dev.vigil.event.ServiceEvent.StateChanged;
import dev.vigil.health.ProbeStatus;
import dev.vigil.runtime.StartChoice;
import dev.vigil.stack.MemoryLimit;
import dev.vigil.stack.RecoverySpec;
import dev.vigil.stack.RestartPolicy;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Signal;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

import static dev.vigil.supervise.Specs.aProbedService;
import static dev.vigil.supervise.Specs.aService;
import static dev.vigil.supervise.Specs.withLimit;
import static org.assertj.core.api.Assertions.assertThat;

class SupervisorTest {

    private final Harness h = new Harness(Harness.midpoint());

    private Supervisor started(ServiceSpec spec) {
        Supervisor s = h.supervisor(spec);
        s.start();
        h.drain();
        return s;
    }

    /** Two crashes in a row (exit 1), each handled before the next. */
    private void crashTwice(String service) {
        for (int i = 0; i < 2; i++) {
            h.runtime.current(service).crash(1);
            h.drain();
        }
    }

    @Test
    void aServiceWithoutProbesRunsOnceStarted() {
        Supervisor s = started(aService("api"));

        assertThat(s.status().state()).isEqualTo(ServiceState.RUNNING);
        assertThat(s.status().pid()).hasValue(1000);
        assertThat(h.events(InstanceStarted.class, "api")).hasSize(1);
    }

    @Test
    void theRuntimesChoiceOfHowToStartIsAnEventBeforeTheStart() {
        started(aService("api"));
        h.advance(Duration.ofMinutes(5));
        h.runtime.chooseNext("api", StartChoice.recreated("its definition changed"));

        h.runtime.current("api").crash(3);
        h.drain();

        assertThat(h.events(StartChosen.class, "api")).singleElement().satisfies(chosen -> {
            assertThat(chosen.instance()).isEqualTo("1001");
            assertThat(chosen.choice()).isEqualTo("recreated");
            assertThat(chosen.reason()).isEqualTo("its definition changed");
            assertThat(chosen.message()).isEqualTo("recreated (1001): its definition changed");
        });
        assertThat(h.events(InstanceStarted.class, "api")).hasSize(2);
    }

    @Test
    void aCrashAfterAStableRunRestartsAtOnce() {
        Supervisor s = started(aService("api"));
        h.advance(Duration.ofMinutes(5));

        h.runtime.current("api").crash(3);
        h.drain();

        assertThat(h.runtime.started("api")).hasSize(2);
        assertThat(s.status().state()).isEqualTo(ServiceState.RUNNING);
        assertThat(s.status().restarts()).isEqualTo(1);
        RestartScheduled restart = h.events(RestartScheduled.class, "api").get(0);
        assertThat(restart.delayMillis()).isZero();
        assertThat(restart.cause()).isEqualTo(Cause.CRASH);
        assertThat(restart.reason()).isEqualTo("exited with code 3");
        InstanceExited exit = h.events(InstanceExited.class, "api").get(0);
        assertThat(exit.code()).isEqualTo(3);
        assertThat(exit.expected()).isFalse();
        assertThat(exit.uptimeMillis()).isEqualTo(300_000);
        assertThat(exit.lastLines()).containsExactly("booting", "ready", "fatal: simulated crash");
    }

    @Test
    void repeatedCrashesBackOffExponentially() {
        Supervisor s = started(aService("api"));

        h.runtime.current("api").crash(1);
        h.drain();
        assertThat(h.runtime.started("api")).hasSize(2); // immediate

        h.runtime.current("api").crash(1);
        h.drain();
        assertThat(s.status().state()).isEqualTo(ServiceState.BACKOFF);
        h.advanceMillis(999);
        assertThat(h.runtime.started("api")).hasSize(2);
        h.advanceMillis(1);
        assertThat(h.runtime.started("api")).hasSize(3);

        h.runtime.current("api").crash(1);
        h.drain();
        h.advanceMillis(1999);
        assertThat(h.runtime.started("api")).hasSize(3);
        h.advanceMillis(1);
        assertThat(h.runtime.started("api")).hasSize(4);

        assertThat(h.events(RestartScheduled.class, "api")).extracting(RestartScheduled::delayMillis)
                .containsExactly(0L, 1000L, 2000L);
    }

    @Test
    void backoffResetsAfterAStableRun() {
        Supervisor s = started(aService("api"));
        crashTwice("api");
        h.advance(Duration.ofSeconds(1)); // third instance runs

        h.advance(Duration.ofSeconds(30)); // reset_after (30s) of stable running
        h.runtime.current("api").crash(1);
        h.drain();

        assertThat(h.events(RestartScheduled.class, "api")).extracting(RestartScheduled::delayMillis)
                .containsExactly(0L, 1000L, 0L);
        assertThat(s.status().state()).isEqualTo(ServiceState.RUNNING);
    }

    @Test
    void exceedingTheRestartLimitGivesUpAndSaysWhy() {
        Supervisor s = started(withLimit(aService("api"), 2, Duration.ofMinutes(1)));

        crashTwice("api");
        h.advance(Duration.ofSeconds(1));
        h.runtime.current("api").crash(7);
        h.drain();

        assertThat(s.status().state()).isEqualTo(ServiceState.FAILED);
        assertThat(h.runtime.started("api")).hasSize(3);
        GaveUp gaveUp = h.events(GaveUp.class, "api").get(0);
        assertThat(gaveUp.restarts()).isEqualTo(2);
        assertThat(gaveUp.window()).isEqualTo("1m");
        assertThat(gaveUp.lastExit()).isEqualTo("exited with code 7");
        assertThat(gaveUp.lastLines()).contains("fatal: simulated crash");
        assertThat(s.status().reason()).isEqualTo("gave up after 2 restarts in 1m; last: exited with code 7");

        h.advance(Duration.ofMinutes(10));
        assertThat(h.runtime.started("api")).hasSize(3); // stays down
    }

    @Test
    void restartPolicyNeverLeavesTheServiceExited() {
        Supervisor s = started(aService("job").withRestart(aService("job").restart().withPolicy(RestartPolicy.NEVER)));

        h.runtime.current("job").crash(1);
        h.drain();

        assertThat(s.status().state()).isEqualTo(ServiceState.EXITED);
        assertThat(s.status().reason()).isEqualTo("exited with code 1 (restart policy never)");
        assertThat(h.runtime.started("job")).hasSize(1);
    }

    @Test
    void onFailureRestartsOnlyFailures() {
        ServiceSpec spec = aService("job").withRestart(aService("job").restart().withPolicy(RestartPolicy.ON_FAILURE));
        Supervisor s = started(spec);

        h.runtime.current("job").crash(2);
        h.drain();
        assertThat(h.runtime.started("job")).hasSize(2);

        h.runtime.current("job").crash(0);
        h.drain();
        assertThat(s.status().state()).isEqualTo(ServiceState.EXITED);
        assertThat(h.runtime.started("job")).hasSize(2);
    }

    @Test
    void aStartThatFailsIsRecordedAndRetriedWithBackoff() {
        h.runtime.failStartsOf("api");
        Supervisor s = started(withLimit(aService("api"), 3, Duration.ofMinutes(5)));

        assertThat(h.events(StartFailed.class, "api")).extracting(StartFailed::error)
                .containsExactly("command not found: /bin/true", "command not found: /bin/true");
        assertThat(s.status().state()).isEqualTo(ServiceState.BACKOFF);

        h.advance(Duration.ofSeconds(10));
        assertThat(s.status().state()).isEqualTo(ServiceState.FAILED);
    }

    @Test
    void startPeriodFailuresDoNotCountAndHealthIsSeenQuickly() {
        Supervisor s = started(aProbedService("api"));
        assertThat(s.status().state()).isEqualTo(ServiceState.STARTING);

        h.advance(Duration.ofSeconds(5)); // failing, but within the 10s start period
        assertThat(s.status().state()).isEqualTo(ServiceState.STARTING);
        assertThat(h.probeRuns.get("api")).isGreaterThanOrEqualTo(45); // every 100ms while starting

        h.healthy("api");
        h.advanceMillis(100);
        assertThat(s.status().state()).isEqualTo(ServiceState.HEALTHY);
        assertThat(s.status().health()).isEqualTo(ProbeStatus.HEALTHY);
        assertThat(h.events(ProbeChanged.class, "api")).extracting(ProbeChanged::to).containsExactly("healthy");
    }

    @Test
    void aServiceThatNeverBecomesHealthyIsRestartedAfterTheStartPeriod() {
        Supervisor s = started(aProbedService("api"));

        h.advance(Duration.ofSeconds(10)); // start period over
        assertThat(s.status().state()).isEqualTo(ServiceState.STARTING);
        h.advance(Duration.ofSeconds(3)); // three failures at 1s interval

        assertThat(h.runtime.started("api")).hasSize(2);
        assertThat(h.events(RestartScheduled.class, "api").get(0).cause()).isEqualTo(Cause.UNHEALTHY);
        assertThat(h.events(RestartScheduled.class, "api").get(0).reason()).startsWith("unhealthy: http ");
    }

    @Test
    void aHangIsDetectedAfterTheFailureThresholdAndRestarted() {
        Supervisor s = started(aProbedService("api"));
        h.healthy("api");
        h.advance(Duration.ofSeconds(1));
        assertThat(s.status().state()).isEqualTo(ServiceState.HEALTHY);

        h.unhealthy("api");
        h.advance(Duration.ofSeconds(2));
        assertThat(s.status().state()).isEqualTo(ServiceState.HEALTHY); // two failures: not yet
        h.advance(Duration.ofSeconds(1));

        FakeRuntime.FakeInstance hung = h.runtime.started("api").get(0);
        assertThat(hung.stopCalls).isPositive();
        assertThat(hung.signals).containsExactly(Signal.TERM);
        assertThat(h.runtime.started("api")).hasSize(2);
        assertThat(h.events(InstanceExited.class, "api").get(0).expected()).isTrue();
        assertThat(h.events(StateChanged.class, "api")).extracting(StateChanged::to)
                .containsSubsequence("healthy", "unhealthy", "restarting", "starting");

        h.healthy("api");
        h.advanceMillis(200);
        assertThat(s.status().state()).isEqualTo(ServiceState.HEALTHY);
    }

    /** A healthy service with a HUP recovery step that then fails three probes in a row. */
    private Supervisor hungWithHupRecovery() {
        ServiceSpec spec = aProbedService("api").withRecovery(new RecoverySpec.SignalRecovery(Signal.HUP, Duration.ofSeconds(5)));
        Supervisor s = started(spec);
        h.healthy("api");
        h.advance(Duration.ofSeconds(1));
        h.unhealthy("api");
        h.advance(Duration.ofSeconds(3));
        return s;
    }

    @Test
    void aSoftRecoveryThatWorksAvoidsTheRestart() {
        Supervisor s = hungWithHupRecovery();

        assertThat(s.status().state()).isEqualTo(ServiceState.RECOVERING);
        assertThat(h.runtime.current("api").signals).containsExactly(Signal.HUP);

        h.healthy("api");
        h.advance(Duration.ofSeconds(1));
        assertThat(s.status().state()).isEqualTo(ServiceState.HEALTHY);
        assertThat(h.runtime.started("api")).hasSize(1);
        assertThat(h.events(RecoveryAttempted.class, "api")).extracting(RecoveryAttempted::outcome)
                .containsExactly("sent SIGHUP; waiting 5s for probes to pass", "recovered");
    }

    @Test
    void aSoftRecoveryThatDoesNotHelpEndsInARestart() {
        Supervisor s = hungWithHupRecovery();
        assertThat(s.status().state()).isEqualTo(ServiceState.RECOVERING);

        RecoveryAttempted step = h.events(RecoveryAttempted.class, "api").get(0);
        Duration untilDeadline = Duration.between(h.scheduler.now(), step.at().plusSeconds(5));
        h.advance(untilDeadline.minusMillis(1));
        assertThat(h.runtime.started("api")).hasSize(1);
        h.advance(Duration.ofMillis(1));

        assertThat(h.runtime.started("api")).hasSize(2);
        assertThat(h.events(RestartScheduled.class, "api").get(0).cause()).isEqualTo(Cause.UNHEALTHY);
        assertThat(h.events(RestartScheduled.class, "api").get(0).reason()).isEqualTo("still unhealthy 5s after send SIGHUP");
    }

    @Test
    void aBrokenCheckerNeverCountsAsAFailure() {
        Supervisor s = started(aProbedService("api"));
        h.healthy("api");
        h.advance(Duration.ofSeconds(1));

        h.unknown("api");
        h.advance(Duration.ofMinutes(1));

        assertThat(s.status().state()).isEqualTo(ServiceState.HEALTHY);
        assertThat(h.runtime.started("api")).hasSize(1);
        assertThat(h.events(ProbeCheckerFailed.class, "api")).hasSize(1); // reported once per streak
    }

    @Test
    void memoryOverTheLimitForConsecutiveSamplesRestarts() {
        Supervisor s = started(aService("leaky").withMemoryLimit(new MemoryLimit(100_000_000, 3, Duration.ofSeconds(1))));
        FakeRuntime.FakeInstance first = h.runtime.current("leaky");

        first.memory = 150_000_000;
        h.advance(Duration.ofSeconds(2));
        first.memory = 50_000_000; // a dip resets the count
        h.advance(Duration.ofSeconds(1));
        first.memory = 150_000_000;
        h.advance(Duration.ofSeconds(2));
        assertThat(h.runtime.started("leaky")).hasSize(1);
        h.advance(Duration.ofSeconds(1));

        assertThat(h.runtime.started("leaky")).hasSize(2);
        MemoryLimitExceeded exceeded = h.events(MemoryLimitExceeded.class, "leaky").get(0);
        assertThat(exceeded.rssBytes()).isEqualTo(150_000_000);
        assertThat(exceeded.samples()).isEqualTo(3);
        assertThat(s.status().state()).isEqualTo(ServiceState.RUNNING);
    }

    @Test
    void stopEndsTheInstanceAndKeepsTheServiceDown() {
        Supervisor s = started(aService("api"));

        CompletableFuture<Void> stopped = s.stop();
        h.drain();

        assertThat(stopped).isDone();
        assertThat(s.status().state()).isEqualTo(ServiceState.STOPPED);
        assertThat(h.events(InstanceExited.class, "api").get(0).expected()).isTrue();
        h.advance(Duration.ofMinutes(1));
        assertThat(h.runtime.started("api")).hasSize(1);
    }

    @Test
    void stopDuringBackoffCancelsThePendingRestart() {
        Supervisor s = started(aService("api"));
        crashTwice("api");
        assertThat(s.status().state()).isEqualTo(ServiceState.BACKOFF);

        s.stop();
        h.advance(Duration.ofMinutes(1));

        assertThat(s.status().state()).isEqualTo(ServiceState.STOPPED);
        assertThat(h.runtime.started("api")).hasSize(2);
    }

    @Test
    void aStartAfterGivingUpBeginsAfresh() {
        Supervisor s = started(withLimit(aService("api"), 1, Duration.ofMinutes(1)));
        crashTwice("api");
        assertThat(s.status().state()).isEqualTo(ServiceState.FAILED);

        s.start();
        h.drain();

        assertThat(s.status().state()).isEqualTo(ServiceState.RUNNING);
        assertThat(h.runtime.started("api")).hasSize(3);
    }

    // ---- adoption ------------------------------------------------------------------------------------------

    /** The service as a new Vigil finds it: adoption first, then the start that the stack would ask for. */
    private Supervisor adoptedThenStarted(ServiceSpec spec) {
        Supervisor s = h.supervisor(spec);
        s.adopt();
        s.start();
        h.drain();
        return s;
    }

    @Test
    void aFoundInstanceIsTakenOverNotStarted() {
        Instant since = h.scheduler.now().minus(Duration.ofHours(2));
        FakeRuntime.FakeInstance left = h.runtime.leaveRunning("api", since, Optional.empty());

        Supervisor s = adoptedThenStarted(aService("api"));

        assertThat(s.status().state()).isEqualTo(ServiceState.RUNNING);
        assertThat(s.status().pid()).hasValue(left.pid().getAsLong());
        assertThat(s.status().startedAt()).contains(since);
        assertThat(h.runtime.started("api")).isEmpty();
        assertThat(h.events(InstanceStarted.class, "api")).isEmpty();
        InstanceAdopted adopted = h.events(InstanceAdopted.class, "api").getFirst();
        assertThat(adopted.instance()).isEqualTo(left.id());
        assertThat(adopted.pid()).isEqualTo(left.pid().getAsLong());
        assertThat(adopted.startedAt()).isEqualTo(since);
        assertThat(left.stopCalls).isZero();
    }

    @Test
    void aFoundInstanceIsWatchedLikeAStartedOne() {
        FakeRuntime.FakeInstance left = h.runtime.leaveRunning("api", h.scheduler.now(), Optional.empty());
        Supervisor s = adoptedThenStarted(aProbedService("api"));
        assertThat(s.status().state()).isEqualTo(ServiceState.STARTING);

        h.healthy("api");
        h.advanceMillis(100);
        assertThat(s.status().state()).isEqualTo(ServiceState.HEALTHY);

        left.exitUnknown();
        h.drain();

        assertThat(h.runtime.started("api")).hasSize(1);
        InstanceExited exit = h.events(InstanceExited.class, "api").getFirst();
        assertThat(exit.instance()).isEqualTo(left.id());
        assertThat(exit.expected()).isFalse();
        assertThat(exit.message()).contains("exit status unknown");
        assertThat(h.events(RestartScheduled.class, "api").getFirst().cause()).isEqualTo(Cause.CRASH);
        assertThat(h.events(RestartScheduled.class, "api").getFirst().reason())
                .isEqualTo("ended (exit status unknown: not a child of this Vigil)");
    }

    @Test
    void aFoundInstanceWhoseDefinitionChangedIsRestartedOnce() {
        FakeRuntime.FakeInstance left = h.runtime.leaveRunning("api", h.scheduler.now(), Optional.of("command changed"));

        Supervisor s = adoptedThenStarted(aService("api"));

        assertThat(left.signals).containsExactly(Signal.TERM);
        assertThat(h.runtime.started("api")).hasSize(1);
        assertThat(s.status().state()).isEqualTo(ServiceState.RUNNING);
        assertThat(s.status().pid()).hasValue(h.runtime.started("api").getFirst().pid().getAsLong());
        assertThat(h.events(InstanceAdopted.class, "api")).hasSize(1);
        assertThat(h.events(RestartScheduled.class, "api")).singleElement()
                .satisfies(r -> assertThat(r.cause()).isEqualTo(Cause.DRIFT))
                .extracting(RestartScheduled::reason)
                .isEqualTo("definition changed since it started: command changed");
        assertThat(h.events(InstanceExited.class, "api")).singleElement()
                .satisfies(e -> assertThat(e.expected()).isTrue());

        h.advance(Duration.ofMinutes(1));
        assertThat(h.runtime.started("api")).hasSize(1);
    }

    @Test
    void aLostInstanceIsRecordedThenTheServiceStartsNormally() {
        h.runtime.leaveGone("api", "4242", "pid 4242 is gone");

        Supervisor s = adoptedThenStarted(aService("api"));

        assertThat(h.events(InstanceLost.class, "api")).singleElement()
                .satisfies(lost -> {
                    assertThat(lost.instance()).isEqualTo("4242");
                    assertThat(lost.detail()).isEqualTo("pid 4242 is gone");
                });
        assertThat(h.events(ServiceEvent.class, "api")).filteredOn(e -> !(e instanceof StateChanged))
                .extracting(e -> (Class) e.getClass())
                .containsExactly(InstanceLost.class, InstanceStarted.class);
        assertThat(s.status().state()).isEqualTo(ServiceState.RUNNING);
        assertThat(h.runtime.started("api")).hasSize(1);
    }

    @Test
    void nothingFoundMeansANormalStart() {
        Supervisor s = adoptedThenStarted(aService("api"));

        assertThat(h.runtime.adoptions()).containsExactly("api");
        assertThat(h.events(InstanceAdopted.class)).isEmpty();
        assertThat(h.events(InstanceLost.class)).isEmpty();
        assertThat(h.events(InstanceStarted.class, "api")).hasSize(1);
        assertThat(s.status().state()).isEqualTo(ServiceState.RUNNING);
    }

    @Test
    void aRuntimeThatCannotLookIsALostInstanceNotACrash() {
        h.runtime.failAdoptions("cannot read /proc");
        Supervisor s = h.supervisor(aService("api"));

        s.adopt();
        s.start();
        h.drain();

        assertThat(h.events(InstanceLost.class, "api")).singleElement()
                .extracting(InstanceLost::detail).isEqualTo("could not look for it: cannot read /proc");
        assertThat(s.status().state()).isEqualTo(ServiceState.RUNNING);
    }

    @Test
    void adoptionHappensOnlyBeforeTheFirstStart() {
        Supervisor s = started(aService("api"));
        h.runtime.leaveRunning("api", h.scheduler.now(), Optional.empty());

        s.adopt();
        h.drain();

        assertThat(h.runtime.adoptions()).isEmpty();
        assertThat(h.events(InstanceAdopted.class)).isEmpty();
        assertThat(s.status().pid()).hasValue(h.runtime.started("api").getFirst().pid().getAsLong());
    }

    // ---- operator restart ----------------------------------------------------------------------------------

    @Test
    void anOperatorRestartReplacesARunningInstanceAtOnceWithoutCountingTowardTheLimit() {
        Supervisor s = started(withLimit(aService("api"), 1, Duration.ofMinutes(10)));
        FakeRuntime.FakeInstance first = h.runtime.current("api");

        s.restart("restart requested by alice");
        h.drain();

        assertThat(first.signals).containsExactly(Signal.TERM);
        assertThat(h.runtime.started("api")).hasSize(2);
        assertThat(s.status().state()).isEqualTo(ServiceState.RUNNING);
        assertThat(s.status().restarts()).isEqualTo(1);
        assertThat(h.events(StateChanged.class, "api")).extracting(StateChanged::to, StateChanged::reason)
                .containsSubsequence(org.assertj.core.groups.Tuple.tuple("restarting", "restart requested by alice"),
                        org.assertj.core.groups.Tuple.tuple("running", "pid 1001"));
        assertThat(h.events(InstanceExited.class, "api")).singleElement()
                .satisfies(e -> assertThat(e.expected()).isTrue());
        assertThat(h.events(RestartScheduled.class, "api")).isEmpty();

        // The limit (1 in 10m) is still whole: one crash is restarted, the second gives up.
        h.runtime.current("api").crash(1);
        h.drain();
        assertThat(h.runtime.started("api")).hasSize(3);
        h.runtime.current("api").crash(1);
        h.drain();
        assertThat(s.status().state()).isEqualTo(ServiceState.FAILED);
    }

    @Test
    void anOperatorRestartOfAStartingServiceStopsItsProbes() {
        Supervisor s = started(aProbedService("api"));
        h.advance(Duration.ofSeconds(1));
        int runsBefore = h.probeRuns.get("api");

        s.restart("operator");
        h.drain();

        assertThat(h.runtime.started("api")).hasSize(2);
        assertThat(s.status().state()).isEqualTo(ServiceState.STARTING);
        h.healthy("api");
        h.advanceMillis(100);
        assertThat(s.status().state()).isEqualTo(ServiceState.HEALTHY);
        assertThat(h.probeRuns.get("api") - runsBefore).isLessThan(5); // one probe set, not two
    }

    @Test
    void anOperatorRestartDuringBackoffStartsNow() {
        Supervisor s = started(aService("api"));
        crashTwice("api");
        assertThat(s.status().state()).isEqualTo(ServiceState.BACKOFF);

        s.restart("operator");
        h.drain();

        assertThat(h.runtime.started("api")).hasSize(3);
        assertThat(s.status().state()).isEqualTo(ServiceState.RUNNING);
        h.advance(Duration.ofMinutes(1)); // the cancelled backoff timer starts nothing more
        assertThat(h.runtime.started("api")).hasSize(3);
    }

    @Test
    void anOperatorRestartStartsAStoppedService() {
        Supervisor s = started(aService("api"));
        s.stop();
        h.drain();
        assertThat(s.status().state()).isEqualTo(ServiceState.STOPPED);

        s.restart("operator");
        h.drain();

        assertThat(s.status().state()).isEqualTo(ServiceState.RUNNING);
        assertThat(h.runtime.started("api")).hasSize(2);
    }

    @Test
    void anOperatorRestartStartsAFailedServiceAfresh() {
        Supervisor s = started(withLimit(aService("api"), 1, Duration.ofMinutes(1)));
        crashTwice("api");
        assertThat(s.status().state()).isEqualTo(ServiceState.FAILED);

        s.restart("operator");
        h.drain();
        assertThat(s.status().state()).isEqualTo(ServiceState.RUNNING);
        assertThat(h.runtime.started("api")).hasSize(3);

        // A fresh window: one more crash is restarted again.
        h.runtime.current("api").crash(1);
        h.drain();
        assertThat(h.runtime.started("api")).hasSize(4);
    }
}
