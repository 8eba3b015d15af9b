package dev.vigil.finding;

import dev.vigil.collect.MetricNames;
import dev.vigil.event.EventSink;
import dev.vigil.event.StackEvent;
import dev.vigil.finding.Finding.Resource;
import dev.vigil.gate.Decision;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Matcher;
import dev.vigil.metrics.MetricStore;
import dev.vigil.metrics.Sample;
import dev.vigil.metrics.Selection;
import dev.vigil.metrics.Series;
import dev.vigil.runtime.Instance;
import dev.vigil.stack.Durations;
import dev.vigil.stack.MemoryLimit;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Sizes;
import dev.vigil.supervise.ServiceStatus;
import dev.vigil.supervise.StackSupervisor;
import dev.vigil.supervise.Supervisor;
import dev.vigil.time.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Runs the {@link TrendDetector} over the metric store at a fixed pace and keeps the findings: a service's memory
 * towards its limit (its {@code memory_limit}, else its container's, else the host's memory), its file descriptors
 * towards their limit, the host's memory, and each filesystem's space and inodes towards full. A finding opens
 * with {@link StackEvent.FindingOpened} and its evidence, and resolves with {@link StackEvent.FindingResolved}
 * when the instance it was about is replaced, or the trend has not held for {@link #RESOLVE_AFTER} evaluations in
 * a row. A service with {@code memory_limit: {predict: true}} is restarted {@code act_before} ahead of the
 * predicted crossing, through the disruption gate: a freeze holds it, and the finding stays open.
 */
public final class FindingWatcher implements Findings, AutoCloseable {

    /** Evaluations in a row without the trend before a finding is resolved: one quiet look is not enough. */
    static final int RESOLVE_AFTER = 3;
    /** Filesystems fill over hours and days: a longer look, a longer horizon, at 1-minute rollups' pace. */
    public static final TrendDetector.Settings DISK = new TrendDetector.Settings(Duration.ofHours(6),
            Duration.ofMinutes(30), Duration.ofMinutes(2), Duration.ofMinutes(30), 12, 0.8, Duration.ofDays(7));
    /**
     * The start of an instance is not its trend: a JVM reaches its working size in seconds, in a steep ramp that
     * would hide a leak behind it. Evidence begins this long after the instance started.
     */
    public static final Duration WARMUP = Duration.ofSeconds(15);
    /** The host's resources are looked at every this many evaluations. */
    static final int HOST_EVERY = 4;

    private final StackSupervisor stack;
    private final dev.vigil.collect.LatestUsage usage;
    private final MetricStore store;
    private final EventSink events;
    private final Scheduler scheduler;
    private final Executor blocking;
    private final Duration every;
    private final TrendDetector memory;
    private final TrendDetector disk;
    private final Map<String, Tracked> open = new ConcurrentHashMap<>();
    private final Map<String, Instant> heldUntil = new ConcurrentHashMap<>();
    /**
     * Services restarted on a prediction from less than {@code minSpan} of evidence: a slow warm-up looks like a
     * leak for its first minute. Such a service is not restarted on short evidence again until its memory limit
     * proves a leak real ({@link #limitReached}) or an instance lives long enough for the full evidence.
     */
    private final Set<String> provisional = ConcurrentHashMap.newKeySet();
    private final Map<String, Window> windows = new HashMap<>();
    private final Set<String> touched = new HashSet<>();
    private long evaluations;
    private String lastError = "";
    private Scheduler.Cancellable timer;
    private boolean closed;

    /** An open finding, the instance it is about, and how many evaluations in a row have not seen it. */
    private record Tracked(Finding finding, Optional<String> instance, int misses) {
    }

    /** What one detection looked at. */
    private record Subject(String id, Resource resource, Optional<String> service, String subject,
                           Optional<String> instance) {
    }

    public FindingWatcher(StackSupervisor stack, MetricStore store, EventSink events, Scheduler scheduler,
                          Executor blocking, Duration every, TrendDetector.Settings settings,
                          TrendDetector.Settings diskSettings) {
        this(stack, store, dev.vigil.collect.LatestUsage.NONE, events, scheduler, blocking, every, settings, diskSettings);
    }

    /**
     * @param usage the collector's latest round: the limits (a container's memory, file descriptors, the host's
     *              memory) are read from it rather than from the store; what it lacks is read from the store
     */
    public FindingWatcher(StackSupervisor stack, MetricStore store, dev.vigil.collect.LatestUsage usage,
                          EventSink events, Scheduler scheduler, Executor blocking, Duration every,
                          TrendDetector.Settings settings, TrendDetector.Settings diskSettings) {
        this.usage = usage;
        this.stack = stack;
        this.store = store;
        this.events = events;
        this.scheduler = scheduler;
        this.blocking = blocking;
        this.every = every;
        this.memory = new TrendDetector(settings);
        this.disk = new TrendDetector(diskSettings);
    }

    public synchronized void start() {
        schedule();
    }

    private synchronized void schedule() {
        if (!closed) {
            timer = scheduler.schedule(every, () -> blocking.execute(() -> {
                try {
                    evaluate();
                    lastError = "";
                } catch (RuntimeException e) {
                    // The findings stay as they are; the same failure is told once, not every round.
                    String error = String.valueOf(e.getMessage());
                    if (!error.equals(lastError)) {
                        events.publish(new StackEvent.MetricsProblem(scheduler.now(), stack.stack().name(),
                                "detector_failed", "finding detectors could not look at the store: " + e));
                    }
                    lastError = error;
                } finally {
                    schedule();
                }
            }));
        }
    }

    @Override
    public List<Finding> open() {
        return open.values().stream().map(Tracked::finding)
                .sorted(Comparator.comparing(Finding::reachesAt).thenComparing(Finding::id)).toList();
    }

    /** One look at every resource; opens, updates and resolves findings. */
    public synchronized void evaluate() {
        Instant now = scheduler.now();
        Set<String> seen = new HashSet<>();
        for (ServiceStatus status : stack.statuses()) {
            Optional<Supervisor> supervisor = stack.supervisor(status.name());
            Optional<Instance> instance = supervisor.flatMap(Supervisor::instance);
            if (supervisor.isEmpty() || instance.isEmpty()) {
                continue;
            }
            services(supervisor.get(), instance.get(), now, seen);
        }
        boolean hostRound = evaluations++ % HOST_EVERY == 0;
        if (hostRound) {
            host(now, seen);
        }
        for (Tracked t : List.copyOf(open.values())) {
            Finding f = t.finding();
            if (seen.contains(f.id()) || (!hostRound && f.service().isEmpty())) {
                continue;
            }
            if (f.service().isPresent() && !stillRuns(f.service().get(), t.instance())) {
                resolve(t, now, stack.supervisor(f.service().get()).isEmpty() ? "the service was removed"
                        : "the instance it was about is no longer running");
            } else if (t.misses() + 1 >= RESOLVE_AFTER) {
                resolve(t, now, "no longer growing towards its limit");
            } else {
                open.put(f.id(), new Tracked(f, t.instance(), t.misses() + 1));
            }
        }
        if (hostRound) {
            // Every kind of window has been looked at since the last host round: the others are gone.
            windows.keySet().retainAll(touched);
            touched.clear();
        }
    }

    private boolean stillRuns(String service, Optional<String> instance) {
        return stack.supervisor(service).flatMap(Supervisor::instance).map(Instance::id).equals(instance);
    }

    private void services(Supervisor supervisor, Instance instance, Instant now, Set<String> seen) {
        ServiceSpec spec = supervisor.spec();
        String name = spec.name();
        Instant since = instance.startedAt().plus(WARMUP);
        if (!now.isBefore(instance.startedAt().plus(memory.settings().minSpan()))) {
            provisional.remove(name);
        }
        Optional<String> id = Optional.of(instance.id());
        Optional<dev.vigil.collect.ServiceUsage> collected = usage.service(name);
        OptionalDouble memoryLimit = spec.memoryLimit().map(m -> OptionalDouble.of(m.maxBytes()))
                .orElseGet(() -> collected.isPresent()
                        ? (collected.get().memoryLimitBytes() > 0 ? OptionalDouble.of(collected.get().memoryLimitBytes())
                                : OptionalDouble.empty())
                        : latest(MetricNames.SERVICE_MEMORY_LIMIT, name, now));
        if (memoryLimit.isEmpty()) {
            memoryLimit = hostMemory(now);
        }
        if (memoryLimit.isPresent()) {
            Subject s = new Subject("memory:" + name, Resource.MEMORY, Optional.of(name), name, id);
            double limit = memoryLimit.getAsDouble();
            memory.detect(points(serviceSeries(MetricNames.SERVICE_RSS, name), since, now), since, limit).ifPresent(trend -> {
                seen.add(s.id());
                found(s, trend, now);
                spec.memoryLimit().filter(MemoryLimit::predict).ifPresent(m -> act(supervisor, s, m, trend, now));
            });
        }
        OptionalDouble fdLimit = collected.isPresent()
                ? (collected.get().usage().fdLimit().isPresent()
                        ? OptionalDouble.of(collected.get().usage().fdLimit().getAsLong()) : OptionalDouble.empty())
                : latest(MetricNames.SERVICE_FD_LIMIT, name, now);
        if (fdLimit.isPresent()) {
            Subject s = new Subject("fds:" + name, Resource.FDS, Optional.of(name), name, id);
            memory.detect(points(serviceSeries(MetricNames.SERVICE_FDS, name), since, now), since,
                    fdLimit.getAsDouble()).ifPresent(trend -> {
                seen.add(s.id());
                found(s, trend, now);
            });
        }
    }

    private void host(Instant now, Set<String> seen) {
        OptionalDouble total = hostMemory(now);
        Instant since = now.minus(memory.settings().window());
        if (total.isPresent()) {
            Subject s = new Subject("host_memory", Resource.HOST_MEMORY, Optional.empty(), "host", Optional.empty());
            memory.detect(points(List.of(Matcher.metric(MetricNames.HOST_MEMORY_USED)), since, now), since,
                    total.getAsDouble()).ifPresent(trend -> {
                seen.add(s.id());
                found(s, trend, now);
            });
        }
        Instant from = now.minus(disk.settings().window());
        filesystems(MetricNames.HOST_FS_SIZE, MetricNames.HOST_FS_AVAILABLE, Resource.DISK, "disk:", from, now, seen);
        filesystems(MetricNames.HOST_FS_FILES, MetricNames.HOST_FS_FILES_FREE, Resource.INODES, "inodes:", from, now, seen);
    }

    /** Used = all − free, per filesystem, towards all of it. */
    private void filesystems(String allName, String freeName, Resource resource, String prefix, Instant from,
                             Instant now, Set<String> seen) {
        Map<String, List<Sample>> all = byMountPoint(allName, from, now);
        Map<String, List<Sample>> free = byMountPoint(freeName, from, now);
        for (Map.Entry<String, List<Sample>> e : all.entrySet()) {
            List<Sample> freeSamples = free.getOrDefault(e.getKey(), List.of());
            Map<Long, Double> freeAt = new HashMap<>();
            freeSamples.forEach(x -> freeAt.put(x.timestampMs(), x.value()));
            List<TrendDetector.Point> used = new ArrayList<>();
            for (Sample a : e.getValue()) {
                Double f = freeAt.get(a.timestampMs());
                if (f != null && usable(a.value()) && usable(f)) {
                    used.add(new TrendDetector.Point(Instant.ofEpochMilli(a.timestampMs()), a.value() - f));
                }
            }
            if (used.isEmpty() || e.getValue().isEmpty()) {
                continue;
            }
            double limit = e.getValue().getLast().value();
            Subject s = new Subject(prefix + e.getKey(), resource, Optional.empty(), e.getKey(), Optional.empty());
            disk.detect(used, from, limit).ifPresent(trend -> {
                seen.add(s.id());
                found(s, trend, now);
            });
        }
    }

    private Map<String, List<Sample>> byMountPoint(String metric, Instant from, Instant now) {
        Map<String, List<Sample>> out = new TreeMap<>();
        for (Series series : store.select(new Selection(List.of(Matcher.metric(metric)), from.toEpochMilli(),
                now.toEpochMilli()))) {
            out.put(series.labels().value("mountpoint"), series.samples());
        }
        return out;
    }

    private void found(Subject s, TrendDetector.Trend trend, Instant now) {
        Tracked before = open.get(s.id());
        if (before != null && !before.instance().equals(s.instance())) {
            resolve(before, now, "the instance it was about is no longer running");
            before = null;
        }
        Instant openedAt = before == null ? now : before.finding().openedAt();
        Finding f = new Finding(s.id(), s.resource(), s.service(), s.subject(), openedAt, trend.slopePerSecond(),
                trend.r2(), trend.span(), trend.now(), trend.limit(), trend.reachesAt(), summary(s.resource(),
                s.subject(), trend, now));
        open.put(s.id(), new Tracked(f, s.instance(), 0));
        if (before == null) {
            events.publish(new StackEvent.FindingOpened(now, stack.stack().name(), f.id(), f.service(),
                    f.resource().label(), f.subject(), f.slopePerSecond(), f.r2(), f.span().toSeconds(), f.value(),
                    f.limit(), f.reachesAt(), f.summary()));
        }
    }

    private void resolve(Tracked t, Instant now, String reason) {
        Finding f = t.finding();
        open.remove(f.id());
        heldUntil.remove(f.id());
        events.publish(new StackEvent.FindingResolved(now, stack.stack().name(), f.id(), f.service(),
                f.resource().label(), f.subject(), f.openedAt(), reason));
    }

    /** {@code predict: true}: restart before the crossing, unless a freeze holds it (asked again when it ends). */
    private void act(Supervisor supervisor, Subject s, MemoryLimit limit, TrendDetector.Trend trend, Instant now) {
        Duration left = trend.timeLeft(now);
        Instant held = heldUntil.get(s.id());
        if (left.compareTo(limit.actBefore()) > 0 || (held != null && now.isBefore(held))) {
            return;
        }
        String service = supervisor.name();
        boolean shortEvidence = trend.span().compareTo(memory.settings().minSpan()) < 0;
        if (shortEvidence && provisional.contains(service)) {
            return; // the finding stays open for alerting; the memory limit heals if the leak is real
        }
        if (shortEvidence) {
            provisional.add(service);
        }
        String reason = "memory predicted to reach " + Sizes.format(limit.maxBytes()) + " in "
                + roughly(left) + " (" + rate(Resource.MEMORY, trend.slopePerSecond()) + ")";
        // Until the supervisor has answered, the finding counts as held: one request, not one per look.
        heldUntil.put(s.id(), Instant.MAX);
        supervisor.restartPredicted(s.instance().orElseThrow(), reason).thenAccept(decision -> {
            if (decision.orElse(null) instanceof Decision.Refused refused) {
                heldUntil.put(s.id(), refused.freeze().until());
            } else {
                heldUntil.remove(s.id());
            }
        });
    }

    /** The service crossed its memory limit ({@code MemoryLimitExceeded}): its growth was a leak after all. */
    public void limitReached(String service) {
        provisional.remove(service);
    }

    private List<Matcher> serviceSeries(String metric, String service) {
        return List.of(Matcher.metric(metric), Matcher.eq(MetricNames.SERVICE, service));
    }

    /**
     * The usable samples of one series from {@code since} (at most a window back) up to now. Each series' window
     * is kept between looks and only what came since the last one is read: a look at a hundred services reads
     * seconds of samples, from memory, not half an hour each.
     */
    private List<TrendDetector.Point> points(List<Matcher> matchers, Instant since, Instant now) {
        Instant from = max(since, now.minus(memory.settings().window()));
        if (!from.isBefore(now)) {
            return List.of(); // an instance still warming up
        }
        String key = matchers.toString();
        touched.add(key);
        Window w = windows.get(key);
        long readFrom = from.toEpochMilli();
        if (w == null || !w.since().equals(since)) {
            w = new Window(since, new ArrayDeque<>(), new long[] {Long.MIN_VALUE});
            windows.put(key, w);
        } else if (w.last()[0] != Long.MIN_VALUE) {
            readFrom = Math.max(readFrom, w.last()[0] + 1);
        }
        if (readFrom <= now.toEpochMilli()) {
            List<TrendDetector.Point> fresh = new ArrayList<>();
            for (Series series : store.select(new Selection(matchers, readFrom, now.toEpochMilli()))) {
                for (Sample sample : series.samples()) {
                    w.last()[0] = Math.max(w.last()[0], sample.timestampMs());
                    if (usable(sample.value())) {
                        fresh.add(new TrendDetector.Point(Instant.ofEpochMilli(sample.timestampMs()), sample.value()));
                    }
                }
            }
            fresh.sort(Comparator.comparing(TrendDetector.Point::at));
            w.points().addAll(fresh);
        }
        while (!w.points().isEmpty() && w.points().peekFirst().at().isBefore(from)) {
            w.points().pollFirst();
        }
        return List.copyOf(w.points());
    }

    /** One series' samples kept between looks, for the instance that started {@code since}. */
    private record Window(Instant since, ArrayDeque<TrendDetector.Point> points, long[] last) {
    }

    private OptionalDouble latest(String metric, String service, Instant now) {
        return last(serviceSeries(metric, service), now);
    }

    private OptionalDouble hostMemory(Instant now) {
        return usage.host().filter(h -> h.memoryTotalBytes() > 0).map(h -> OptionalDouble.of(h.memoryTotalBytes()))
                .orElseGet(() -> latestHost(MetricNames.HOST_MEMORY_TOTAL, now));
    }

    private OptionalDouble latestHost(String metric, Instant now) {
        return last(List.of(Matcher.metric(metric)), now);
    }

    /** The newest usable value within the last few minutes. */
    private OptionalDouble last(List<Matcher> matchers, Instant now) {
        OptionalDouble found = OptionalDouble.empty();
        for (Series series : store.select(new Selection(matchers, now.minus(Duration.ofMinutes(5)).toEpochMilli(),
                now.toEpochMilli()))) {
            for (Sample s : series.samples().reversed()) {
                if (usable(s.value())) {
                    found = OptionalDouble.of(s.value());
                    break;
                }
            }
        }
        return found;
    }

    private static boolean usable(double v) {
        return !Double.isNaN(v) && !Double.isInfinite(v);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** {@code leak: RSS +1.2M/min over 40m, R² 0.97, reaches 512M in ~41m}, and the like for each resource. */
    static String summary(Resource resource, String subject, TrendDetector.Trend trend, Instant now) {
        String evidence = rate(resource, trend.slopePerSecond()) + " over " + roughly(trend.span()) + ", R² "
                + String.format(Locale.ROOT, "%.2f", trend.r2());
        String in = roughly(trend.timeLeft(now));
        return switch (resource) {
            case MEMORY -> "leak: RSS " + evidence + ", reaches " + Sizes.format((long) trend.limit()) + " in ~" + in;
            case FDS -> "fd leak: " + evidence + ", reaches the limit of " + (long) trend.limit() + " in ~" + in;
            case HOST_MEMORY -> "host memory: " + evidence + ", all " + Sizes.format((long) trend.limit())
                    + " in use in ~" + in;
            case DISK -> "disk " + subject + " filling: " + evidence + ", full in ~" + in;
            case INODES -> "inodes on " + subject + ": " + evidence + ", none left in ~" + in;
        };
    }

    static String rate(Resource resource, double perSecond) {
        double perMinute = perSecond * 60;
        return switch (resource) {
            case MEMORY, HOST_MEMORY, DISK -> "+" + Sizes.format(Math.round(perMinute)) + "/min";
            case FDS, INODES -> "+" + String.format(Locale.ROOT, perMinute >= 10 ? "%.0f" : "%.1f", perMinute) + "/min";
        };
    }

    /** {@code 41m}, {@code 2h5m}, {@code 35s}: to the minute above ten minutes, else to the second. */
    static String roughly(Duration d) {
        long seconds = d.toSeconds();
        return Durations.format(seconds >= 600 ? Duration.ofMinutes(Math.round(seconds / 60.0)) : Duration.ofSeconds(seconds));
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (timer != null) {
            timer.cancel();
        }
    }
}
