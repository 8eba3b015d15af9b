package dev.vigil.change;

import dev.vigil.event.Cause;
import dev.vigil.event.EventSink;
import dev.vigil.event.ServiceEvent;
import dev.vigil.event.StackEvent;
import dev.vigil.gate.Decision;
import dev.vigil.gate.Disruption;
import dev.vigil.gate.DisruptionGate;
import dev.vigil.stack.ProbeSpec;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Stack;
import dev.vigil.supervise.ServiceStatus;
import dev.vigil.supervise.StackSupervisor;
import dev.vigil.supervise.Supervisor;
import dev.vigil.time.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Applies an edited stack file to the running stack: only the difference. Unchanged services are not touched;
 * live changes reach their supervisors without a new instance; replaced services get a new one, new services
 * start as their dependencies allow, removed ones stop in reverse dependency order. Replacements and stops are
 * voluntary disruptions and pass the gate first: one refusal and nothing is applied. A replaced or new service
 * that is not ready in time makes the apply go back to the version before it (unless told not to). Every step is
 * an event; the result is a version in the history. One apply at a time.
 */
public final class Applier {

    /** How often readiness is looked at while waiting for replaced and new services. */
    static final Duration POLL = Duration.ofMillis(200);
    /** How long a service without probes must stay running to count as up. */
    static final Duration SETTLE = Duration.ofSeconds(1);
    /** The wait for a service without probes; one with probes gets its start period and failure threshold. */
    static final Duration NO_PROBE_DEADLINE = Duration.ofSeconds(10);

    private final StackSupervisor stack;
    private final DisruptionGate gate;
    private final VersionStore versions;
    private final EventSink events;
    private final Scheduler clock;
    private final Executor blocking;
    private final Consumer<Stack> applied;
    private final AtomicBoolean busy = new AtomicBoolean();

    /**
     * @param applied told about each stack file that now runs (the daemon updates its windows and status)
     */
    public Applier(StackSupervisor stack, DisruptionGate gate, VersionStore versions, EventSink events,
                   Scheduler clock, Executor blocking, Consumer<Stack> applied) {
        this.stack = stack;
        this.gate = gate;
        this.versions = versions;
        this.events = events;
        this.clock = clock;
        this.blocking = blocking;
        this.applied = applied;
    }

    /** What applying {@code next} would do, without doing it. */
    public Plan plan(Stack next) {
        return Planner.plan(stack.stack(), next);
    }

    /**
     * Applies the request; completes when every replaced or new service is ready, or after the rollback.
     *
     * @throws ApplyInProgressException when another apply runs
     */
    public CompletableFuture<ApplyOutcome> apply(ApplyRequest request) {
        if (!busy.compareAndSet(false, true)) {
            throw new ApplyInProgressException();
        }
        CompletableFuture<ApplyOutcome> outcome;
        try {
            outcome = run(request);
        } catch (RuntimeException e) {
            busy.set(false);
            throw e;
        }
        return outcome.whenComplete((o, e) -> busy.set(false));
    }

    private CompletableFuture<ApplyOutcome> run(ApplyRequest request) {
        Stack previous = stack.stack();
        Plan plan = Planner.plan(previous, request.next());
        if (plan.isEmpty()) {
            return CompletableFuture.completedFuture(new ApplyOutcome.NoChanges(plan));
        }
        List<Decision.Refused> refusals = new ArrayList<>();
        for (ServiceChange.Changed c : plan.toReplace()) {
            ask(c.name(), "replace", request).ifPresent(refusals::add);
        }
        for (ServiceChange.Removed r : plan.toStop()) {
            ask(r.name(), "stop", request).ifPresent(refusals::add);
        }
        if (!refusals.isEmpty()) {
            return CompletableFuture.completedFuture(new ApplyOutcome.Refused(plan, refusals));
        }
        Instant began = clock.now();
        return execute(plan, request.next(), request.cause(), request.actor(), request.reason())
                .thenCompose(v -> awaitReady(plan, began))
                .thenComposeAsync(notReady -> finish(request, previous, plan, notReady), blocking);
    }

    private Optional<Decision.Refused> ask(String service, String action, ApplyRequest request) {
        Decision d = gate.decide(new Disruption(service, action, request.cause(), request.actor(), request.role(),
                request.override()));
        return d instanceof Decision.Refused r ? Optional.of(r) : Optional.empty();
    }

    /** Carries out a plan: live changes, stops, starts, replacements; completes once each has been handed over. */
    private CompletableFuture<Void> execute(Plan plan, Stack next, Cause cause, String actor, String reason) {
        for (ServiceChange.Changed c : plan.toChangeLive()) {
            stack.supervisor(c.name()).ifPresent(s -> s.reconfigure(c.after()));
            events.publish(new ServiceEvent.ActionRequested(clock.now(), c.name(), "change live: "
                    + keys(c.keys()), actor, reason, cause));
        }
        CompletableFuture<Void> stops = CompletableFuture.completedFuture(null);
        for (ServiceChange.Removed r : plan.toStop()) {
            events.publish(new ServiceEvent.ActionRequested(clock.now(), r.name(), "stop (removed)", actor, reason,
                    cause));
            stops = stops.thenCompose(v -> stack.remove(r.name(), next));
        }
        return stops.thenCompose(v -> {
            List<CompletableFuture<?>> handed = new ArrayList<>();
            for (ServiceChange.Added a : plan.toStart()) {
                events.publish(new ServiceEvent.ActionRequested(clock.now(), a.name(), "start (new)", actor, reason,
                        cause));
                handed.add(stack.add(a.spec(), next));
            }
            for (ServiceChange.Changed c : plan.toReplace()) {
                events.publish(new ServiceEvent.ActionRequested(clock.now(), c.name(), "replace: "
                        + keys(c.replacing()), actor, reason, cause));
                stack.supervisor(c.name()).ifPresent(s -> s.replace(c.after(), cause.label() + ": "
                        + keys(c.replacing()) + " changed"));
            }
            return CompletableFuture.allOf(handed.toArray(CompletableFuture[]::new));
        }).thenCompose(v -> stack.redefine(next)).thenRun(() -> applied.accept(next));
    }

    private static String keys(List<KeyChange> keys) {
        return keys.stream().map(KeyChange::key).distinct().collect(Collectors.joining(", "));
    }

    /** The replaced and new services not ready by their deadlines (empty: all ready). */
    private CompletableFuture<List<String>> awaitReady(Plan plan, Instant began) {
        Map<String, Instant> deadlines = new LinkedHashMap<>();
        for (ServiceChange.Added a : plan.toStart()) {
            deadlines.put(a.name(), began.plus(readyWithin(a.spec())));
        }
        for (ServiceChange.Changed c : plan.toReplace()) {
            deadlines.put(c.name(), began.plus(readyWithin(c.after())));
        }
        CompletableFuture<List<String>> result = new CompletableFuture<>();
        poll(deadlines, began, result);
        return result;
    }

    private void poll(Map<String, Instant> deadlines, Instant began, CompletableFuture<List<String>> result) {
        Instant now = clock.now();
        List<String> waiting = new ArrayList<>();
        List<String> late = new ArrayList<>();
        for (Map.Entry<String, Instant> e : deadlines.entrySet()) {
            if (ready(e.getKey(), began, now)) {
                continue;
            }
            (now.isBefore(e.getValue()) ? waiting : late).add(e.getKey());
        }
        if (waiting.isEmpty()) {
            result.complete(late);
            return;
        }
        clock.schedule(POLL, () -> poll(deadlines, began, result));
    }

    private boolean ready(String service, Instant began, Instant now) {
        Optional<ServiceStatus> found = stack.supervisor(service).map(Supervisor::status);
        if (found.isEmpty() || !found.get().state().isReady()) {
            return false;
        }
        ServiceStatus s = found.get();
        Optional<Instant> started = s.startedAt();
        if (started.isEmpty() || started.get().isBefore(began)) {
            return false; // still the instance from before the apply
        }
        return s.hasProbes() || !now.isBefore(started.get().plus(SETTLE));
    }

    /** A service with probes gets its start period and then its failure threshold's worth of checks. */
    static Duration readyWithin(ServiceSpec spec) {
        return spec.health().stream().map(ProbeSpec::timing)
                .map(t -> t.startPeriod().plus(t.interval().multipliedBy(t.failureThreshold())).plus(t.timeout()))
                .max(Duration::compareTo).orElse(NO_PROBE_DEADLINE);
    }

    private CompletableFuture<ApplyOutcome> finish(ApplyRequest request, Stack previous, Plan plan,
                                                   List<String> notReady) {
        String summary = PlanText.summary(plan);
        if (notReady.isEmpty()) {
            ConfigVersion v = versions.append(new NewVersion(clock.now(), request.actor(), request.reason(),
                    request.next().file().toString(), request.text(), request.envFiles()));
            events.publish(new StackEvent.ConfigApplied(clock.now(), request.next().name(), v.number(),
                    request.actor(), request.reason(), summary));
            return CompletableFuture.completedFuture(new ApplyOutcome.Applied(plan, v));
        }
        String detail = String.join(", ", notReady) + " not ready in time";
        if (!request.rollback()) {
            ConfigVersion v = versions.append(new NewVersion(clock.now(), request.actor(), request.reason(),
                    request.next().file().toString(), request.text(), request.envFiles(), VersionResult.FAILED,
                    Optional.of(detail + "; kept (no rollback)")));
            events.publish(new StackEvent.ConfigApplied(clock.now(), request.next().name(), v.number(),
                    request.actor(), request.reason(), summary + " (" + detail + "; kept)"));
            return CompletableFuture.completedFuture(new ApplyOutcome.Failed(plan, v, detail));
        }
        ConfigVersion v = versions.append(new NewVersion(clock.now(), request.actor(), request.reason(),
                request.next().file().toString(), request.text(), request.envFiles(), VersionResult.ROLLED_BACK,
                Optional.of(detail)));
        long restored = versions.list(10).stream().filter(c -> c.number() < v.number()
                && c.result() == VersionResult.APPLIED).mapToLong(ConfigVersion::number).findFirst().orElse(0);
        events.publish(new StackEvent.ApplyRolledBack(clock.now(), request.next().name(), v.number(), restored,
                detail));
        // Going back restores what the gate already let this apply disturb: it is not asked again.
        Plan back = Planner.plan(stack.stack(), previous);
        return execute(back, previous, Cause.ROLLBACK, "vigil", "version " + v.number() + " not ready: " + detail)
                .thenApply(x -> new ApplyOutcome.RolledBack(plan, v, detail));
    }
}
