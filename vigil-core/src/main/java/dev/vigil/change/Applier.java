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
import dev.vigil.stack.StackLoader;
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
    /** The text of the stack file that runs: what profiles are laid over again when their windows open or close. */
    private volatile String runningText = "";
    private volatile java.util.Optional<String> unavailable = java.util.Optional.empty();

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

    /** The text of the stack file the stack started with (the daemon tells this once, before anything is applied). */
    public void running(String text) {
        this.runningText = text;
    }

    /** From now on every apply, rollback and plan is refused with {@code why} (a stack started from a Compose file). */
    public void refuseApplies(String why) {
        this.unavailable = java.util.Optional.of(why);
    }

    /** @throws ApplyUnavailableException when this stack cannot be changed by an apply */
    public void checkAvailable() {
        unavailable.ifPresent(why -> {
            throw new ApplyUnavailableException(why);
        });
    }

    /**
     * What applying {@code next} (read from {@code text}) would do, without doing it: with the profiles whose window
     * is open now laid over its services.
     *
     * @throws ApplyUnavailableException when this stack cannot be changed by an apply
     */
    public Plan plan(Stack next, String text) {
        checkAvailable();
        return Planner.plan(stack.stack(), effective(next, text, clock.now()));
    }

    /**
     * The stack as it runs at {@code at}: {@code base} with the settings of the profiles whose windows are open then.
     *
     * @throws dev.vigil.stack.InvalidStackException when the file no longer reads (an env file gone)
     */
    public static Stack effective(Stack base, String text, Instant at) {
        java.util.Set<String> open = base.profilesOpenAt(at);
        if (open.equals(base.activeProfiles())) {
            return base;
        }
        return StackLoader.parse(text, base.file(), java.time.ZoneId.systemDefault(), open);
    }

    /**
     * Lays the profiles whose windows are open now over the running stack file, and takes off those whose windows
     * closed: live changes at once, new instances where a profile changes what runs. Those are voluntary
     * disruptions (cause {@code profile}) and pass the gate one by one: a service the gate holds keeps its instance
     * and settings until a later switch (at the next window edge, or when the freeze is lifted) finds it free. Not
     * recorded as a version (the file did not change), and not rolled back: a new instance that does not come up is
     * healed as any other.
     *
     * @return the services the gate held
     * @throws ApplyInProgressException when an apply runs (try again after it)
     */
    public CompletableFuture<List<String>> switchProfiles() {
        if (!busy.compareAndSet(false, true)) {
            throw new ApplyInProgressException();
        }
        try {
            Stack current = stack.stack();
            if (current.profiles().isEmpty() || runningText.isEmpty()) {
                busy.set(false);
                return CompletableFuture.completedFuture(List.of());
            }
            Stack base = StackLoader.parse(runningText, current.file(), java.time.ZoneId.systemDefault(),
                    current.profilesOpenAt(clock.now()));
            Plan wanted = Planner.plan(current, base);
            List<String> held = new ArrayList<>();
            for (ServiceChange.Changed c : wanted.toReplace()) {
                if (gate.decide(Disruption.byVigil(c.name(), "replace", Cause.PROFILE)) instanceof Decision.Refused) {
                    held.add(c.name());
                }
            }
            Stack target = base.withServices(base.services().stream()
                    .map(s -> held.contains(s.name()) ? current.service(s.name()).orElse(s) : s).toList());
            Plan plan = Planner.plan(current, target);
            if (plan.isEmpty() && target.activeProfiles().equals(current.activeProfiles())) {
                busy.set(false);
                return CompletableFuture.completedFuture(held);
            }
            String why = "profiles " + (target.activeProfiles().isEmpty() ? "none active"
                    : String.join(", ", target.activeProfiles()) + " active");
            return execute(plan, target, Cause.PROFILE, "vigil", why)
                    .thenApply(v -> held)
                    .whenComplete((v, e) -> busy.set(false));
        } catch (RuntimeException e) {
            busy.set(false);
            throw e;
        }
    }

    /**
     * Applies the request; completes when every replaced or new service is ready, or after the rollback.
     *
     * @throws ApplyInProgressException when another apply runs
     * @throws ApplyUnavailableException when this stack cannot be changed by an apply
     */
    public CompletableFuture<ApplyOutcome> apply(ApplyRequest request) {
        checkAvailable();
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
        String previousText = runningText;
        Stack next = effective(request.next(), request.text(), clock.now());
        Plan plan = Planner.plan(previous, next);
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
        runningText = request.text();
        return execute(plan, next, request.cause(), request.actor(), request.reason())
                .thenCompose(v -> awaitReady(plan, began))
                .thenComposeAsync(notReady -> finish(request, next, previous, previousText, plan, notReady), blocking);
    }

    private Optional<Decision.Refused> ask(String service, String action, ApplyRequest request) {
        Decision d = gate.decide(new Disruption(service, action, request.cause(), request.actor(), request.role(),
                request.override()));
        return d instanceof Decision.Refused r ? Optional.of(r) : Optional.empty();
    }

    /** Carries out a plan: live changes, stops, starts, replacements; completes once each has been handed over. */
    private CompletableFuture<Void> execute(Plan plan, Stack next, Cause cause, String actor, String reason) {
        announceProfiles(stack.stack(), next);
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

    /** {@code ProfileActivated} and {@code ProfileDeactivated} for the profiles that go on and off with this change. */
    private void announceProfiles(Stack before, Stack after) {
        for (String name : before.activeProfiles()) {
            if (!after.activeProfiles().contains(name)) {
                String window = before.profile(name).map(dev.vigil.stack.Profile::window).orElse("");
                events.publish(new StackEvent.ProfileDeactivated(clock.now(), after.name(), name, window));
            }
        }
        for (String name : after.activeProfiles()) {
            if (!before.activeProfiles().contains(name)) {
                after.profile(name).ifPresent(p -> events.publish(new StackEvent.ProfileActivated(clock.now(),
                        after.name(), p.name(), p.window(), p.services(), p.settings())));
            }
        }
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

    private CompletableFuture<ApplyOutcome> finish(ApplyRequest request, Stack next, Stack previous, String previousText,
                                                   Plan plan, List<String> notReady) {
        String summary = PlanText.summary(plan);
        if (notReady.isEmpty()) {
            ConfigVersion v = versions.append(new NewVersion(clock.now(), request.actor(), request.reason(),
                    request.next().file().toString(), request.text(), next.envFiles()));
            events.publish(new StackEvent.ConfigApplied(clock.now(), request.next().name(), v.number(),
                    request.actor(), request.reason(), summary));
            return CompletableFuture.completedFuture(new ApplyOutcome.Applied(plan, v));
        }
        String detail = String.join(", ", notReady) + " not ready in time";
        if (!request.rollback()) {
            ConfigVersion v = versions.append(new NewVersion(clock.now(), request.actor(), request.reason(),
                    request.next().file().toString(), request.text(), next.envFiles(), VersionResult.FAILED,
                    Optional.of(detail + "; kept (no rollback)")));
            events.publish(new StackEvent.ConfigApplied(clock.now(), request.next().name(), v.number(),
                    request.actor(), request.reason(), summary + " (" + detail + "; kept)"));
            return CompletableFuture.completedFuture(new ApplyOutcome.Failed(plan, v, detail));
        }
        ConfigVersion v = versions.append(new NewVersion(clock.now(), request.actor(), request.reason(),
                request.next().file().toString(), request.text(), next.envFiles(), VersionResult.ROLLED_BACK,
                Optional.of(detail)));
        long restored = versions.list(10).stream().filter(c -> c.number() < v.number()
                && c.result() == VersionResult.APPLIED).mapToLong(ConfigVersion::number).findFirst().orElse(0);
        events.publish(new StackEvent.ApplyRolledBack(clock.now(), request.next().name(), v.number(), restored,
                detail));
        // Going back restores what the gate already let this apply disturb: it is not asked again.
        runningText = previousText;
        Plan back = Planner.plan(stack.stack(), previous);
        return execute(back, previous, Cause.ROLLBACK, "vigil", "version " + v.number() + " not ready: " + detail)
                .thenApply(x -> new ApplyOutcome.RolledBack(plan, v, detail));
    }
}
