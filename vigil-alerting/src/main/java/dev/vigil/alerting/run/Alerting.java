package dev.vigil.alerting.run;

import dev.vigil.alerting.Ack;
import dev.vigil.alerting.AlertState;
import dev.vigil.alerting.AlertStore;
import dev.vigil.alerting.AlertingSettings;
import dev.vigil.alerting.InhibitRule;
import dev.vigil.alerting.ResponseSpec;
import dev.vigil.alerting.RuleAlert;
import dev.vigil.alerting.Silence;
import dev.vigil.alerting.TimeInterval;
import dev.vigil.alerting.route.Alert;
import dev.vigil.alerting.route.AlertGroup;
import dev.vigil.alerting.route.DependencyHolds;
import dev.vigil.alerting.route.Dispatcher;
import dev.vigil.alerting.route.NotificationLog;
import dev.vigil.alerting.route.Route;
import dev.vigil.alerting.rules.BuiltinRules;
import dev.vigil.alerting.rules.RuleChecks;
import dev.vigil.alerting.rules.RuleDefinition;
import dev.vigil.alerting.rules.RuleEvaluator;
import dev.vigil.alerting.rules.RuleFiles;
import dev.vigil.alerting.rules.RuleGroup;
import dev.vigil.event.EventSink;
import dev.vigil.event.StackEvent;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.MetricStore;
import dev.vigil.promql.Engine;
import dev.vigil.time.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The alerting of one running stack: its rule groups evaluated on aligned intervals, every alert they raise (and
 * every alert posted to the intake) kept by fingerprint and routed through the configured tree, silences,
 * inhibition, acknowledgements and the dependency holds applied, each change said as an event. Reconfigured in place
 * by an apply: the alerts, silences, acknowledgements and what each group told survive.
 */
public final class Alerting implements AutoCloseable {

    /** Alertmanager's {@code resolve_timeout}: a posted alert with no end resolves this long after its last post. */
    public static final Duration RESOLVE_TIMEOUT = Duration.ofMinutes(5);
    /** How long a resolved alert is still listed (and routed, for its resolved notification). */
    public static final Duration KEEP_RESOLVED = Duration.ofMinutes(15);
    /** How often alerts that ran out of time are found and said resolved. */
    static final Duration SWEEP_EVERY = Duration.ofSeconds(5);

    /**
     * What the daemon hands in.
     *
     * @param series where recorded series and {@code ALERTS} go (the daemon's one appending writer)
     * @param sender hands a notification to its receiver's delivery queue; false when it could not be queued
     * @param work runs rule evaluations off the timer thread
     */
    public record Context(Scheduler scheduler, MetricStore store, RuleEvaluator.SeriesSink series, AlertStore alerts,
                          EventSink events, String stack, AlertGroup.Sender sender, Executor work,
                          java.util.function.Supplier<String> externalUrl,
                          Responder responder) {
    }

    /** Carries out an automated response (audited, through the gate where it disrupts); completes with its outcome. */
    @FunctionalInterface
    public interface Responder {
        java.util.concurrent.CompletableFuture<String> respond(ResponseSpec response, Alert alert);
    }

    /** The annotation a response's outcome is attached to its alert's notifications under. */
    public static final String RESPONSE_ANNOTATION = "vigil_response";

    /**
     * One configuration, from the stack file.
     *
     * @param builtins the built-in rule groups, before the settings switch any off
     * @param dependsOn each service's direct dependencies, for the holds
     * @param windows the stack's maintenance windows, which routes may name as time intervals
     */
    public record Setup(AlertingSettings settings, List<RuleGroup> builtins, Map<String, Set<String>> dependsOn,
                        AlertGroup.TimeIntervals windows) {
    }

    /** Where a listed alert stands. */
    public enum State {
        /** A rule's condition holds, its {@code for} has not passed: not routed yet. */
        PENDING,
        /** Firing and routed. */
        ACTIVE,
        /** Firing, and kept from notifications by a silence, an inhibition or the down service it depends on. */
        SUPPRESSED,
        /** No longer firing; listed for a while after. */
        RESOLVED
    }

    /**
     * One alert as the API lists it.
     *
     * @param heldUnder the down service whose alert this one is grouped under
     * @param receivers the receivers its routes name
     * @param source {@code rule}, {@code builtin} or {@code api} (posted to the intake)
     */
    public record Listed(Alert alert, String fingerprint, State state, List<String> silencedBy,
                         List<String> inhibitedBy, Optional<String> heldUnder, Optional<Ack> ack, List<String> receivers,
                         Instant updatedAt, String source) {
    }

    private record Entry(Alert alert, Instant updatedAt, String source, boolean saidFiring) {
    }

    private final Context ctx;
    private final Engine engine;
    private final NotificationLog log;
    private final Map<String, Entry> alerts = new ConcurrentHashMap<>();
    private volatile List<Silence> silences;
    private volatile Map<String, Ack> acks;
    private volatile List<InhibitRule> inhibitRules = List.of();
    private volatile List<ResponseSpec> responses = List.of();
    // Per response and service, when it was last taken: its limit counts these.
    private final Map<String, java.util.ArrayDeque<Instant>> taken = new HashMap<>();
    private final List<Alert> startedFiring = new ArrayList<>();
    private volatile Optional<DependencyHolds> holds = Optional.empty();
    private Optional<Dispatcher> dispatcher = Optional.empty();
    private Optional<Route> tree = Optional.empty();
    private final List<Group> groups = new ArrayList<>();
    private Scheduler.Cancellable sweeper = () -> { };
    private boolean closed;

    public Alerting(Context ctx) {
        this.ctx = ctx;
        this.engine = new Engine(ctx.store());
        this.log = NotificationLog.of(ctx.alerts());
        Instant now = ctx.scheduler().now();
        this.silences = ctx.alerts().silences(now.minus(KEEP_RESOLVED));
        Map<String, Ack> known = new ConcurrentHashMap<>();
        ctx.alerts().acks(now).forEach(a -> known.put(a.fingerprint(), a));
        this.acks = known;
    }

    /** Starts with (or switches to) this configuration; the first call also starts the sweeps. */
    public synchronized void configure(Setup setup) {
        if (closed) {
            return;
        }
        AlertingSettings settings = setup.settings();
        groups.forEach(Group::stop);
        groups.clear();
        List<RuleGroup> own = ruleGroups(settings);
        Set<String> ownAlerts = new java.util.HashSet<>();
        own.forEach(g -> g.rules().forEach(r -> {
            if (r instanceof RuleDefinition.Alerting a) {
                ownAlerts.add(a.alert());
            }
        }));
        for (RuleGroup g : own) {
            groups.add(new Group(evaluator(g, settings.evaluationInterval()), false));
        }
        if (settings.builtinRules()) {
            // A rule file's alert of the same name overrides the built-in one; the settings switch others off.
            Set<String> off = new java.util.HashSet<>(ownAlerts);
            off.addAll(settings.disabledBuiltins());
            for (RuleGroup g : BuiltinRules.without(setup.builtins(), off)) {
                groups.add(new Group(evaluator(g, settings.evaluationInterval()), true));
            }
        }
        inhibitRules = settings.inhibitRules();
        responses = settings.responses();
        holds = settings.holdDependents() ? Optional.of(new DependencyHolds(setup.dependsOn(), DependencyHolds.CRITICAL))
                : Optional.empty();
        dispatcher.ifPresent(Dispatcher::close);
        tree = settings.route().map(Route::tree);
        dispatcher = tree.map(t -> new Dispatcher(t, context(settings, setup.windows()), holds));
        Instant now = ctx.scheduler().now();
        dispatcher.ifPresent(d -> alerts.values().forEach(e -> d.receive(e.alert())));
        groups.forEach(Group::schedule);
        sweeper.cancel();
        sweeper = ctx.scheduler().schedule(SWEEP_EVERY, this::sweep);
        drop(now);
    }

    /** Alerts posted to the intake (a Prometheus, the API); each resolves five minutes after its last post. */
    public void post(List<Alert> posted) {
        Instant now = ctx.scheduler().now();
        List<Alert> timed = new ArrayList<>();
        for (Alert a : posted) {
            timed.add(a.endsAt().isPresent() ? a : new Alert(a.labels(), a.annotations(), a.startsAt(),
                    Optional.of(now.plus(RESOLVE_TIMEOUT)), a.generatorUrl()));
        }
        receive(timed, "api");
    }

    private synchronized void receive(List<Alert> incoming, String source) {
        if (closed) {
            return;
        }
        Instant now = ctx.scheduler().now();
        for (Alert a : incoming) {
            String fingerprint = a.fingerprint();
            Entry old = alerts.get(fingerprint);
            Alert merged = old == null ? a : merge(old.alert(), a);
            Entry entry = new Entry(merged, now, source, old != null && old.saidFiring());
            alerts.put(fingerprint, said(entry, now));
            dispatcher.ifPresent(d -> d.receive(merged));
        }
        List<Alert> firing = List.copyOf(startedFiring);
        startedFiring.clear();
        firing.forEach(a -> respond(a, now));
    }

    /** Takes the responses an alert that started firing calls for, within each one's limit. */
    private void respond(Alert alert, Instant now) {
        for (ResponseSpec r : responses) {
            if (!r.matches(alert.labels())) {
                continue;
            }
            String service = alert.labels().getOrDefault("service", "");
            String key = r.alert() + "\u0000" + r.action().kind() + "\u0000"
                    + (service.isEmpty() ? alert.fingerprint() : service);
            java.util.ArrayDeque<Instant> times = taken.computeIfAbsent(key, k -> new java.util.ArrayDeque<>());
            while (!times.isEmpty() && !times.peekFirst().plus(r.window()).isAfter(now)) {
                times.pollFirst();
            }
            if (times.size() >= r.limit()) {
                responded(alert, r, "skipped: taken " + times.size() + " times in the last "
                        + dev.vigil.stack.Durations.format(r.window()) + ", its limit");
                continue;
            }
            times.addLast(now);
            ctx.responder().respond(r, alert).whenComplete((outcome, failure) -> responded(alert, r,
                    failure == null ? outcome : "failed: " + failure.getMessage()));
        }
    }

    /** Says what a response did, and attaches it to the alert: its next notification carries it. */
    private void responded(Alert alert, ResponseSpec r, String outcome) {
        String service = alert.labels().getOrDefault("service", "");
        String alertname = alert.labels().getOrDefault("alertname", "");
        ctx.events().publish(new StackEvent.ResponseTaken(ctx.scheduler().now(), ctx.stack(), alertname, service,
                r.action().kind(), outcome));
        synchronized (this) {
            Entry e = alerts.get(alert.fingerprint());
            if (e == null || closed) {
                return;
            }
            Map<String, String> annotations = new LinkedHashMap<>(e.alert().annotations());
            String said = r.action().kind() + ": " + outcome;
            annotations.merge(RESPONSE_ANNOTATION, said, (was, now) -> was + "; " + now);
            Alert updated = new Alert(e.alert().labels(), annotations, e.alert().startsAt(), e.alert().endsAt(),
                    e.alert().generatorUrl());
            alerts.put(alert.fingerprint(), new Entry(updated, e.updatedAt(), e.source(), e.saidFiring()));
            dispatcher.ifPresent(d -> d.receive(updated));
        }
    }

    /**
     * As Alertmanager merges a new posting of an alert it has: the earliest start wins while the two overlap; else
     * the new one replaces it (a new episode).
     */
    private static Alert merge(Alert old, Alert now) {
        // Alertmanager's rule, plus: a response's outcome is kept.
        Instant oldEnd = old.endsAt().orElse(Instant.MAX);
        Instant newEnd = now.endsAt().orElse(Instant.MAX);
        boolean overlap = !now.startsAt().isAfter(oldEnd) && !newEnd.isBefore(old.startsAt());
        if (!overlap) {
            return now;
        }
        Instant start = old.startsAt().isBefore(now.startsAt()) ? old.startsAt() : now.startsAt();
        Map<String, String> annotations = now.annotations();
        // What a response did stays with the alert for as long as this episode lasts; a rule does not send it.
        String response = old.annotations().get(RESPONSE_ANNOTATION);
        if (response != null && !annotations.containsKey(RESPONSE_ANNOTATION)) {
            annotations = new LinkedHashMap<>(annotations);
            annotations.put(RESPONSE_ANNOTATION, response);
        }
        return new Alert(now.labels(), annotations, start, now.endsAt(), now.generatorUrl());
    }

    /** Says the alert fired or resolved when that changed; an acknowledgement ends when its alert resolves. */
    private Entry said(Entry e, Instant now) {
        boolean firing = !e.alert().resolved(now);
        if (firing == e.saidFiring()) {
            return e;
        }
        String name = e.alert().labels().getOrDefault("alertname", "");
        String labels = Labels.of(e.alert().labels()).toString();
        if (firing) {
            ctx.events().publish(new StackEvent.AlertFired(now, ctx.stack(), name, e.alert().fingerprint(), labels));
            startedFiring.add(e.alert());
        } else {
            ctx.events().publish(new StackEvent.AlertResolved(now, ctx.stack(), name, e.alert().fingerprint(), labels));
            if (acks.remove(e.alert().fingerprint()) != null) {
                ctx.alerts().clearAck(e.alert().fingerprint());
            }
        }
        return new Entry(e.alert(), e.updatedAt(), e.source(), firing);
    }

    private void sweep() {
        synchronized (this) {
            if (closed) {
                return;
            }
            Instant now = ctx.scheduler().now();
            alerts.replaceAll((k, e) -> said(e, now));
            drop(now);
            sweeper = ctx.scheduler().schedule(SWEEP_EVERY, this::sweep);
        }
    }

    private void drop(Instant now) {
        alerts.values().removeIf(e -> e.alert().endsAt().map(end -> end.plus(KEEP_RESOLVED).isBefore(now))
                .orElse(false));
        silences = ctx.alerts().silences(now.minus(KEEP_RESOLVED));
        acks.values().removeIf(a -> !a.activeAt(now));
    }

    /** Every alert listed, firing first, then pending, then resolved; newest first within each. */
    public List<Listed> alerts() {
        Instant now = ctx.scheduler().now();
        List<Listed> out = new ArrayList<>();
        for (Entry e : alerts.values()) {
            out.add(listed(e.alert(), e.updatedAt(), e.source(), now, e.alert().resolved(now) ? State.RESOLVED : null));
        }
        List<Group> current;
        synchronized (this) {
            current = List.copyOf(groups);
        }
        for (Group g : current) {
            for (RuleAlert r : g.evaluator().alerts()) {
                if (r.state() == AlertState.PENDING) {
                    Alert a = new Alert(r.labels(), r.annotations(), r.activeAt(), Optional.empty(), "");
                    out.add(listed(a, r.activeAt(), g.builtin() ? "builtin" : "rule", now, State.PENDING));
                }
            }
        }
        out.sort(Comparator.comparing((Listed l) -> l.state() == State.RESOLVED ? 2 : l.state() == State.PENDING ? 1 : 0)
                .thenComparing(l -> l.alert().startsAt(), Comparator.reverseOrder()));
        return out;
    }

    private Listed listed(Alert a, Instant updated, String source, Instant now, State fixed) {
        String fingerprint = a.fingerprint();
        List<String> silencedBy = silencedBy(a.labels(), now);
        List<String> inhibitedBy = inhibitedBy(a.labels(), now);
        Optional<String> heldUnder = holds.flatMap(h -> h.heldUnder(a.labels()));
        State state = fixed != null ? fixed : silencedBy.isEmpty() && inhibitedBy.isEmpty() && heldUnder.isEmpty()
                ? State.ACTIVE : State.SUPPRESSED;
        List<String> receivers = tree.map(t -> t.match(a.labels()).stream().map(Route::receiver).distinct().toList())
                .orElse(List.of());
        return new Listed(a, fingerprint, state, silencedBy, inhibitedBy, heldUnder,
                Optional.ofNullable(acks.get(fingerprint)).filter(k -> k.activeAt(now)), receivers, updated, source);
    }

    private List<String> silencedBy(Map<String, String> labels, Instant now) {
        List<String> out = new ArrayList<>();
        for (Silence s : silences) {
            if (s.mutes(labels, now)) {
                out.add(s.id());
            }
        }
        return out;
    }

    private List<String> inhibitedBy(Map<String, String> labels, Instant now) {
        List<InhibitRule> rules = inhibitRules;
        if (rules.isEmpty()) {
            return List.of();
        }
        Map<Map<String, String>, String> firing = new LinkedHashMap<>();
        for (Entry e : alerts.values()) {
            if (!e.alert().resolved(now)) {
                firing.put(e.alert().labels(), e.alert().fingerprint());
            }
        }
        List<String> out = new ArrayList<>();
        for (InhibitRule rule : rules) {
            for (Map<String, String> source : rule.inhibitors(labels, firing.keySet())) {
                out.add(firing.get(source));
            }
        }
        return out.stream().distinct().toList();
    }

    /**
     * The silences not yet expired long ago, soonest start first. The store drops older ones whenever they are read:
     * every read here keeps the last {@link #KEEP_RESOLVED}, so that an expired silence is still listed for a while.
     */
    public List<Silence> silences() {
        return ctx.alerts().silences(ctx.scheduler().now().minus(KEEP_RESOLVED));
    }

    public Optional<Silence> silence(String id) {
        return ctx.alerts().silence(id);
    }

    /**
     * Adds a silence (a new id when it has none), or replaces the one with its id.
     *
     * @throws InvalidSilenceException naming every problem
     */
    public synchronized Silence silence(Silence silence) {
        List<String> problems = silence.problems(ctx.scheduler().now());
        if (!problems.isEmpty()) {
            throw new InvalidSilenceException(problems);
        }
        // Milliseconds, as Alertmanager keeps them: a nanosecond clock's digits mean nothing to anyone reading it.
        Silence stored = ctx.alerts().save(new Silence(silence.id().isEmpty() ? UUID.randomUUID().toString()
                : silence.id(), silence.matchers(), silence.startsAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS),
                silence.endsAt().truncatedTo(java.time.temporal.ChronoUnit.MILLIS), silence.createdBy(),
                silence.comment()));
        silences = ctx.alerts().silences(ctx.scheduler().now().minus(KEEP_RESOLVED));
        return stored;
    }

    /** Ends a silence now; empty when there is none with that id. */
    public synchronized Optional<Silence> expire(String id) {
        Optional<Silence> found = ctx.alerts().silence(id);
        found.ifPresent(s -> {
            ctx.alerts().save(s.expire(ctx.scheduler().now()));
            silences = ctx.alerts().silences(ctx.scheduler().now().minus(KEEP_RESOLVED));
        });
        return found.map(s -> s.expire(ctx.scheduler().now()));
    }

    /**
     * Acknowledges the firing alert whose fingerprint starts with {@code prefix}: no repeats until it resolves or
     * {@code length} passes.
     *
     * @throws UnknownAlertException when no firing alert, or more than one, has such a fingerprint
     */
    public Ack ack(String prefix, Duration length, String by, String reason) {
        Instant now = ctx.scheduler().now();
        List<String> matching = alerts.values().stream().filter(e -> !e.alert().resolved(now))
                .map(e -> e.alert().fingerprint()).filter(f -> f.startsWith(prefix)).distinct().toList();
        if (matching.isEmpty()) {
            throw new UnknownAlertException("no firing alert has a fingerprint starting with " + prefix);
        }
        if (matching.size() > 1) {
            throw new UnknownAlertException(prefix + " is the start of " + matching.size() + " fingerprints ("
                    + String.join(", ", matching) + "); give more of it");
        }
        Ack ack = ctx.alerts().save(new Ack(matching.get(0), now.plus(length), by, reason, now));
        acks.put(ack.fingerprint(), ack);
        return ack;
    }

    /** The routing tree of the configuration now; empty when the stack file routes nowhere. */
    public synchronized Optional<Route> routes() {
        return tree;
    }

    private final AtomicBoolean nudged = new AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicLong nudgedAt = new java.util.concurrent.atomic.AtomicLong(
            Long.MIN_VALUE);

    /**
     * Evaluates the built-in rules now, off their interval: the daemon calls this when an event has been written
     * as a series at {@code writtenAtMs}, so that a give-up or a crash loop alerts within a second, not at the next
     * round. The evaluation is at that time or later (a series written a millisecond ahead of the clock is seen), and
     * after any evaluation running; calls that come while one is waiting are one.
     */
    public void nudge(long writtenAtMs) {
        nudgedAt.accumulateAndGet(writtenAtMs, Math::max);
        if (!nudged.compareAndSet(false, true)) {
            return;
        }
        ctx.work().execute(() -> {
            nudged.set(false);
            long at = Math.max(ctx.scheduler().now().toEpochMilli(), nudgedAt.get());
            List<Group> builtins;
            synchronized (this) {
                builtins = groups.stream().filter(Group::builtin).toList();
            }
            builtins.forEach(g -> g.evaluateAt(at, true));
        });
    }

    /**
     * Alerting's own meters in Prometheus's text format, as Prometheus names its own: each group's last evaluation
     * time and duration, rounds run and skipped, and the alerts by state.
     */
    public String exposition() {
        List<Group> current;
        synchronized (this) {
            current = List.copyOf(groups);
        }
        StringBuilder out = new StringBuilder();
        out.append("# HELP vigil_rule_group_last_duration_seconds How long the group's last evaluation took.\n")
                .append("# TYPE vigil_rule_group_last_duration_seconds gauge\n");
        current.forEach(g -> out.append("vigil_rule_group_last_duration_seconds").append(g.label()).append(' ')
                .append(g.lastNanos / 1e9).append('\n'));
        out.append("# HELP vigil_rule_group_evaluations_total Evaluations of the group.\n")
                .append("# TYPE vigil_rule_group_evaluations_total counter\n");
        current.forEach(g -> out.append("vigil_rule_group_evaluations_total").append(g.label()).append(' ')
                .append(g.evaluations.get()).append('\n'));
        out.append("# HELP vigil_rule_group_iterations_missed_total Rounds skipped: the one before was still running.\n")
                .append("# TYPE vigil_rule_group_iterations_missed_total counter\n");
        current.forEach(g -> out.append("vigil_rule_group_iterations_missed_total").append(g.label()).append(' ')
                .append(g.missed.get()).append('\n'));
        Map<State, Integer> byState = new java.util.EnumMap<>(State.class);
        for (State st : State.values()) {
            byState.put(st, 0);
        }
        alerts().forEach(l -> byState.merge(l.state(), 1, Integer::sum));
        out.append("# HELP vigil_alerts Alerts known, by state.\n# TYPE vigil_alerts gauge\n");
        byState.forEach((st, n) -> out.append("vigil_alerts{state=\"").append(st.name().toLowerCase(java.util.Locale.ROOT))
                .append("\"} ").append(n).append('\n'));
        return out.toString();
    }

    /** The rule groups running now, built-in ones last. */
    public synchronized List<RuleGroup> ruleGroups() {
        return groups.stream().map(g -> g.evaluator().group()).toList();
    }

    @Override
    public synchronized void close() {
        closed = true;
        groups.forEach(Group::stop);
        groups.clear();
        sweeper.cancel();
        dispatcher.ifPresent(Dispatcher::close);
    }

    private List<RuleGroup> ruleGroups(AlertingSettings settings) {
        RuleFiles files = RuleChecks.files();
        List<RuleGroup> out = new ArrayList<>();
        for (AlertingSettings.RuleFile file : settings.rules()) {
            RuleFiles.Loaded loaded = files.parse(file.path(), file.text());
            // Checked when the stack file was read; a problem here would be a bug, said rather than hidden.
            loaded.problems().forEach(p -> ctx.events().publish(new StackEvent.RuleProblem(ctx.scheduler().now(),
                    ctx.stack(), file.path().toString(), "", p)));
            out.addAll(loaded.groups());
        }
        return out;
    }

    private RuleEvaluator evaluator(RuleGroup group, Duration defaultInterval) {
        return new RuleEvaluator(group, defaultInterval, engine, ctx.series(), out -> receive(out, "rule"),
                ctx.alerts(), Map.of(), ctx.externalUrl().get(), (g, rule, message) -> ctx.events().publish(
                new StackEvent.RuleProblem(ctx.scheduler().now(), ctx.stack(), g.name(), rule, message)));
    }

    private AlertGroup.Context context(AlertingSettings settings, AlertGroup.TimeIntervals windows) {
        Map<String, TimeInterval.Named> named = new HashMap<>();
        settings.timeIntervals().forEach(t -> named.put(t.name(), t));
        AlertGroup.TimeIntervals own = AlertGroup.TimeIntervals.of(named);
        AlertGroup.TimeIntervals intervals = (name, at) -> named.containsKey(name) ? own.contains(name, at)
                : windows.contains(name, at);
        AlertGroup.Sender sender = n -> {
            boolean queued = ctx.sender().send(n);
            if (queued) {
                ctx.events().publish(new StackEvent.AlertsNotified(ctx.scheduler().now(), ctx.stack(), n.receiver(),
                        n.groupKey(), n.firing().size(), n.resolved().size(), n.affected()));
            }
            return queued;
        };
        AlertGroup.Muter muter = (labels, now) -> !silencedBy(labels, now).isEmpty()
                || !inhibitedBy(labels, now).isEmpty();
        AlertGroup.Acks acked = (fingerprint, now) -> {
            Ack a = acks.get(fingerprint);
            return a != null && a.activeAt(now);
        };
        return new AlertGroup.Context(ctx.scheduler(), muter, intervals, sender, acked, settings.escalations(),
                alerts -> List.of(), log);
    }

    /** One rule group on its timer: evaluated at each multiple of its interval, never two runs at once. */
    private final class Group {
        private final RuleEvaluator evaluator;
        private final boolean builtin;
        private final AtomicBoolean running = new AtomicBoolean();
        private final Object evaluating = new Object();
        private final java.util.concurrent.atomic.AtomicLong evaluations = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicLong missed = new java.util.concurrent.atomic.AtomicLong();
        private volatile long lastNanos;
        private long lastAtMs = Long.MIN_VALUE;
        private volatile boolean stopped;
        private Scheduler.Cancellable timer = () -> { };

        Group(RuleEvaluator evaluator, boolean builtin) {
            this.evaluator = evaluator;
            this.builtin = builtin;
        }

        RuleEvaluator evaluator() {
            return evaluator;
        }

        boolean builtin() {
            return builtin;
        }

        synchronized void schedule() {
            if (stopped) {
                return;
            }
            long every = evaluator.interval().toMillis();
            long now = ctx.scheduler().now().toEpochMilli();
            // Each group at its own offset within the interval, as Prometheus spreads them: all due at once, a
            // thousand rules would be one burst a round on a small machine.
            long offset = Math.floorMod((evaluator.group().file() + ";" + evaluator.group().name()).hashCode(), every);
            long slot = Math.floorDiv(now - offset, every) * every + every + offset;
            timer = ctx.scheduler().schedule(Duration.ofMillis(slot - now), () -> due(slot));
        }

        private void due(long slot) {
            if (stopped) {
                return;
            }
            // A round still running when the next is due: the next is skipped, as Prometheus does.
            if (running.compareAndSet(false, true)) {
                ctx.work().execute(() -> {
                    try {
                        evaluateAt(slot, false);
                    } finally {
                        running.set(false);
                    }
                });
            } else {
                missed.incrementAndGet();
            }
            schedule();
        }

        /** {@code {rule_group="FILE;NAME"}}, as Prometheus labels its groups' meters. */
        String label() {
            String id = evaluator.group().file() + ";" + evaluator.group().name();
            return "{rule_group=\"" + id.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"}";
        }

        /**
         * On the calling thread, after any evaluation running now. Its own lock, not the timer's: an evaluation
         * hands its alerts on under the alerting's lock, which a reconfiguration holds while it stops the groups.
         */
        void evaluateAt(long atMs, boolean nudge) {
            synchronized (evaluating) {
                // A nudge always looks again, a millisecond on if it must; a round already overtaken is not run.
                evaluateLocked(nudge ? Math.max(atMs, lastAtMs + 1) : atMs);
            }
        }

        private void evaluateLocked(long atMs) {
            if (stopped) {
                return;
            }
            try {
                // A nudge may have run after this slot came due: time never goes back for a rule.
                if (atMs > lastAtMs) {
                    lastAtMs = atMs;
                    long start = System.nanoTime();
                    evaluator.evaluate(Instant.ofEpochMilli(atMs));
                    lastNanos = System.nanoTime() - start;
                    evaluations.incrementAndGet();
                }
            } catch (RuntimeException e) {
                ctx.events().publish(new StackEvent.RuleProblem(ctx.scheduler().now(), ctx.stack(),
                        evaluator.group().name(), "", "evaluation failed: " + e));
            }
        }

        synchronized void stop() {
            stopped = true;
            timer.cancel();
        }
    }
}
