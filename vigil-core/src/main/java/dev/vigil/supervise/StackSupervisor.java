package dev.vigil.supervise;

import dev.vigil.event.StackEvent;
import dev.vigil.stack.Dependency;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Stack;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Runs a whole stack: starts services in dependency order with at most {@code maxParallelStarts} starting at
 * once, lets a service (re)start only when its dependencies are where it declared, and stops the stack in
 * reverse dependency order. Its own decisions happen on its control lane; each service has its own lane.
 */
public final class StackSupervisor {

    /** How many services may be starting (not yet running or healthy) at once during the first start. */
    public static final int DEFAULT_MAX_PARALLEL_STARTS = 4;

    // Swapped on the control lane when the stack file changes (apply); read from any thread.
    private volatile Stack stack;
    private final Function<String, Executor> laneFactory;
    private final Supervisor.Context ctx;
    private final Executor control;
    private final int maxParallelStarts;
    // Written on the control lane only (construction, add, remove); read from any thread.
    private final Map<String, Supervisor> supervisors = new java.util.concurrent.ConcurrentHashMap<>();
    private volatile List<String> order;
    private final Map<String, List<String>> dependents = new java.util.concurrent.ConcurrentHashMap<>();
    private final List<Supervisor.Observer> observers = new CopyOnWriteArrayList<>();
    private final CompletableFuture<Void> started = new CompletableFuture<>();

    // Confined to the control lane.
    private boolean running;
    private volatile boolean stopping;
    private volatile boolean down;
    private final Set<String> launched = new HashSet<>();
    private final Set<String> upOnce = new HashSet<>();
    private long startNanos;
    private CompletableFuture<Void> stopped;

    /**
     * @param laneFactory makes the serial executor of a named lane (one per service, one for control)
     */
    public StackSupervisor(Stack stack, Supervisor.Context ctx, Function<String, Executor> laneFactory,
                           int maxParallelStarts) {
        this.stack = stack;
        this.ctx = ctx;
        this.laneFactory = laneFactory;
        this.control = laneFactory.apply("control");
        this.maxParallelStarts = maxParallelStarts;
        for (ServiceSpec spec : StartOrder.of(stack.services())) {
            supervisors.put(spec.name(), new Supervisor(spec, ctx, laneFactory.apply(spec.name()),
                    this::unmetDependency, this::onServiceChanged));
        }
        index(stack);
    }

    /** Start order and who depends on whom, for the stack as it now is. */
    private void index(Stack current) {
        order = StartOrder.of(current.services()).stream().map(ServiceSpec::name).toList();
        dependents.clear();
        for (ServiceSpec spec : current.services()) {
            for (Dependency d : spec.dependsOn()) {
                dependents.computeIfAbsent(d.service(), k -> new ArrayList<>()).add(spec.name());
            }
        }
    }

    /**
     * Adds a service while the stack runs (an apply): it starts as soon as its dependencies allow, as at
     * {@code up}. Completes once it is part of the stack; {@code next} is the stack file it came with.
     */
    public CompletableFuture<Supervisor> add(ServiceSpec spec, Stack next) {
        CompletableFuture<Supervisor> added = new CompletableFuture<>();
        control.execute(() -> {
            Supervisor s = supervisors.computeIfAbsent(spec.name(), name -> new Supervisor(spec, ctx,
                    laneFactory.apply(name), this::unmetDependency, this::onServiceChanged));
            define(next);
            added.complete(s);
            reconcile();
        });
        return added;
    }

    /** Stops a service and drops it from the stack (an apply); completes once it is down and gone. */
    public CompletableFuture<Void> remove(String name, Stack next) {
        CompletableFuture<Void> removed = new CompletableFuture<>();
        control.execute(() -> {
            Supervisor s = supervisors.get(name);
            if (s == null) {
                define(next);
                removed.complete(null);
                return;
            }
            s.stop().whenComplete((v, e) -> control.execute(() -> {
                supervisors.remove(name);
                launched.remove(name);
                upOnce.remove(name);
                define(next);
                removed.complete(null);
            }));
        });
        return removed;
    }

    /** The stack file the running stack follows from now on (its services already added, changed or removed). */
    public CompletableFuture<Void> redefine(Stack next) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        control.execute(() -> {
            define(next);
            done.complete(null);
            reconcile();
        });
        return done;
    }

    private void define(Stack next) {
        stack = next;
        index(next);
    }

    public Stack stack() {
        return stack;
    }

    /** Told about every service state change (on that service's lane: return quickly). */
    public void addObserver(Supervisor.Observer observer) {
        observers.add(observer);
    }

    /** Snapshots of every service, in start order. */
    public List<ServiceStatus> statuses() {
        return inOrder().stream().map(Supervisor::status).toList();
    }

    /** The supervisors in start order (services being added or removed may be left out for a moment). */
    private List<Supervisor> inOrder() {
        List<Supervisor> found = new ArrayList<>();
        for (String name : order) {
            Supervisor s = supervisors.get(name);
            if (s != null) {
                found.add(s);
            }
        }
        return found;
    }

    public Optional<Supervisor> supervisor(String name) {
        return Optional.ofNullable(supervisors.get(name));
    }

    /** Completes when every service has been up (or settled) once after {@link #start()}. */
    public CompletableFuture<Void> started() {
        return started;
    }

    /** Completes when the control lane runs it: a liveness check for watchdogs (a stuck lane never completes it). */
    public CompletableFuture<Void> ping() {
        CompletableFuture<Void> pong = new CompletableFuture<>();
        control.execute(() -> pong.complete(null));
        return pong;
    }

    /** True once {@link #stop(String)} was called. */
    public boolean stopping() {
        return stopping;
    }

    /** Where the stack is: starting, started, stopping, stopped; safe from any thread. */
    public StackPhase phase() {
        if (down) {
            return StackPhase.STOPPED;
        }
        if (stopping) {
            return StackPhase.STOPPING;
        }
        return started.isDone() ? StackPhase.STARTED : StackPhase.STARTING;
    }

    /** Begins supervising: services start as their dependencies allow. */
    public void start() {
        control.execute(() -> {
            if (running) {
                return;
            }
            running = true;
            startNanos = ctx.scheduler().nanoTime();
            ctx.events().publish(new StackEvent.StackStarting(ctx.scheduler().now(), stack.name(),
                    stack.file().toString(), supervisors.size()));
            // Level-triggered: what an earlier run left running is taken over before anything is started. Each
            // adoption runs on its service's lane ahead of any start the reconcile below may queue there.
            inOrder().forEach(Supervisor::adopt);
            reconcile();
        });
    }

    /** Stops every service, dependents before what they depend on; completes when all are down. */
    public CompletableFuture<Void> stop(String reason) {
        CompletableFuture<Void> result = new CompletableFuture<>();
        control.execute(() -> {
            if (stopped == null) {
                stopping = true;
                long begin = ctx.scheduler().nanoTime();
                ctx.events().publish(new StackEvent.StackStopping(ctx.scheduler().now(), stack.name(), reason));
                Map<String, CompletableFuture<Void>> done = new HashMap<>();
                List<CompletableFuture<Void>> all = new ArrayList<>();
                for (Supervisor s : inOrder()) {
                    all.add(stopAfterDependents(s.name(), done));
                }
                stopped = CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).thenRun(() -> {
                    down = true;
                    ctx.events().publish(new StackEvent.StackStopped(ctx.scheduler().now(), stack.name(),
                            (ctx.scheduler().nanoTime() - begin) / 1_000_000));
                });
            }
            stopped.whenComplete((v, e) -> result.complete(null));
        });
        return result;
    }

    private CompletableFuture<Void> stopAfterDependents(String name, Map<String, CompletableFuture<Void>> done) {
        CompletableFuture<Void> known = done.get(name);
        if (known != null) {
            return known;
        }
        List<CompletableFuture<Void>> first = new ArrayList<>();
        for (String dependent : dependents.getOrDefault(name, List.of())) {
            first.add(stopAfterDependents(dependent, done));
        }
        Supervisor supervisor = supervisors.get(name);
        CompletableFuture<Void> mine = CompletableFuture.allOf(first.toArray(CompletableFuture[]::new))
                .thenCompose(v -> supervisor.stop());
        done.put(name, mine);
        return mine;
    }

    private void onServiceChanged(ServiceStatus status) {
        for (Supervisor.Observer o : observers) {
            o.onStateChanged(status);
        }
        control.execute(this::reconcile);
    }

    /** Starts what may start now; called after every state change. */
    private void reconcile() {
        if (!running || stopping) {
            return;
        }
        int starting = 0;
        List<Supervisor> current = inOrder();
        for (Supervisor s : current) {
            ServiceState state = s.status().state();
            if (state != ServiceState.PENDING && state != ServiceState.STARTING) {
                upOnce.add(s.name());
            }
            if (launched.contains(s.name()) && !upOnce.contains(s.name())) {
                starting++;
            }
        }
        for (Supervisor s : current) {
            if (s.status().state() != ServiceState.PENDING) {
                continue;
            }
            Optional<String> unmet = unmetDependency(s.spec());
            if (unmet.isPresent()) {
                s.awaiting(unmet.get());
                continue;
            }
            boolean firstStart = !launched.contains(s.name());
            if (firstStart && starting >= maxParallelStarts) {
                continue;
            }
            if (firstStart) {
                launched.add(s.name());
                starting++;
            }
            s.start();
        }
        if (!started.isDone() && upOnce.containsAll(order)) {
            ctx.events().publish(new StackEvent.StackStarted(ctx.scheduler().now(), stack.name(),
                    (ctx.scheduler().nanoTime() - startNanos) / 1_000_000));
            started.complete(null);
        }
    }

    private Optional<String> unmetDependency(ServiceSpec spec) {
        for (Dependency d : spec.dependsOn()) {
            Supervisor dep = supervisors.get(d.service());
            if (dep == null) {
                continue; // the loader rejects unknown dependencies; nothing to wait for here
            }
            ServiceState state = dep.status().state();
            boolean met = switch (d.condition()) {
                case STARTED -> state.isStarted();
                case HEALTHY -> state.isReady();
            };
            if (!met) {
                return Optional.of(d.service() + " (" + d.condition().yamlName() + ", now " + state.label() + ")");
            }
        }
        return Optional.empty();
    }
}
