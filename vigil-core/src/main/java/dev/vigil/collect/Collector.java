package dev.vigil.collect;

import dev.vigil.metrics.Labels;
import dev.vigil.metrics.MetricStoreStats;
import dev.vigil.metrics.MetricWriter;
import dev.vigil.metrics.Reading;
import dev.vigil.runtime.Instance;
import dev.vigil.runtime.Usage;
import dev.vigil.stack.MemoryLimit;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.supervise.ServiceStatus;
import dev.vigil.supervise.StackSupervisor;
import dev.vigil.supervise.Supervisor;
import dev.vigil.time.Scheduler;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.IntSupplier;
import java.util.stream.Collectors;

import static dev.vigil.collect.MetricNames.*;

/**
 * Collects what every service, the host and Vigil itself use, at the stack's {@code metrics.interval} (a service's
 * own {@code metrics.interval} where it has one), into the metric store. One timer; each round runs on the
 * blocking executor and hands one batch to the {@link MetricWriter}, so no supervisor lane ever waits for it.
 * Round times are aligned to whole intervals (12:00:05, 12:00:10, …): regular timestamps compress to almost nothing.
 * The latest values are kept for live views ({@link LatestUsage}) and {@code /metrics} ({@link #exposition()}).
 */
public final class Collector implements LatestUsage, AutoCloseable {

    /** The finest tick: intervals are whole seconds or more, but may be e.g. 1.5s. */
    private static final long MIN_TICK_MS = 250;

    private final StackSupervisor stack;
    private final HostSource host;
    private final MetricWriter writer;
    private final Scheduler scheduler;
    private final Executor blocking;
    private final ProbeLatencies probes;
    private final IntSupplier eventQueue;

    private final Map<String, Long> nextDue = new HashMap<>();
    private long nextHostDue = Long.MIN_VALUE;
    /** The last CPU reading of each service's instance: (instance id, time, seconds), for its rate. */
    private final Map<String, CpuMark> cpuMarks = new HashMap<>();
    // Guarded by the round: each service's series labels, made once (a round would make a dozen per service).
    private final Map<String, Map<String, Labels>> labels = new HashMap<>();
    private final Map<String, ServiceUsage> latest = new ConcurrentHashMap<>();
    private final Map<String, List<Reading>> latestByService = new ConcurrentHashMap<>();
    private volatile List<Reading> latestHost = List.of();
    private volatile List<Reading> latestSelf = List.of();
    private volatile Optional<HostUsage> latestHostUsage = Optional.empty();
    private volatile long rounds;
    private Scheduler.Cancellable timer;
    private boolean closed;

    private record CpuMark(String instance, long atMs, double seconds) {
    }

    /**
     * @param eventQueue the depth of the event queue, reported as {@code vigil_event_queue_depth}
     */
    public Collector(StackSupervisor stack, HostSource host, MetricWriter writer, Scheduler scheduler,
                     Executor blocking, ProbeLatencies probes, IntSupplier eventQueue) {
        this.stack = stack;
        this.host = host;
        this.writer = writer;
        this.scheduler = scheduler;
        this.blocking = blocking;
        this.probes = probes;
        this.eventQueue = eventQueue;
    }

    /** Begins collecting: the first round at the next whole tick. */
    public synchronized void start() {
        schedule(scheduler.now().toEpochMilli());
    }

    /** Rounds completed since the start. */
    public long rounds() {
        return rounds;
    }

    private synchronized void schedule(long afterMs) {
        if (closed) {
            return;
        }
        long tick = tickMillis();
        long next = (Math.floorDiv(afterMs, tick) + 1) * tick;
        long now = scheduler.now().toEpochMilli();
        timer = scheduler.schedule(Duration.ofMillis(Math.max(0, next - now)), () -> blocking.execute(() -> round(next)));
    }

    /** The greatest common divisor of every interval in use, at least {@link #MIN_TICK_MS}. */
    private long tickMillis() {
        long tick = stack.stack().metrics().interval().toMillis();
        for (ServiceSpec spec : stack.stack().services()) {
            Optional<Duration> own = spec.metrics().interval();
            if (own.isPresent()) {
                tick = gcd(tick, own.get().toMillis());
            }
        }
        return Math.max(MIN_TICK_MS, tick);
    }

    private static long ceil(long atMs, long interval) {
        return Math.floorDiv(atMs + interval - 1, interval) * interval;
    }

    private static long gcd(long a, long b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private void round(long atMs) {
        try {
            collect(atMs);
        } catch (RuntimeException e) {
            // A reader that broke must not end collection; what it would have said is missing from this round.
        } finally {
            rounds++;
            schedule(atMs);
        }
    }

    /** One round at {@code atMs}: the services due, and the host and Vigil when the stack's interval is due. */
    void collect(long atMs) {
        Instant at = Instant.ofEpochMilli(atMs);
        long stackInterval = stack.stack().metrics().interval().toMillis();
        List<Reading> batch = new ArrayList<>();
        Set<String> names = stack.statuses().stream().map(ServiceStatus::name).collect(Collectors.toSet());
        for (ServiceStatus status : stack.statuses()) {
            Optional<Supervisor> supervisor = stack.supervisor(status.name());
            if (supervisor.isEmpty()) {
                continue;
            }
            ServiceSpec spec = supervisor.get().spec();
            long interval = spec.metrics().interval().map(Duration::toMillis).orElse(stackInterval);
            // A service's first round is on a whole multiple of its interval too.
            if (atMs < nextDue.computeIfAbsent(status.name(), n -> ceil(atMs, interval))) {
                continue;
            }
            nextDue.put(status.name(), (Math.floorDiv(atMs, interval) + 1) * interval);
            List<Reading> readings = service(spec, status, supervisor.get().instance(), atMs, at);
            latestByService.put(status.name(), readings);
            batch.addAll(readings);
        }
        forgetRemoved(names);
        if (nextHostDue == Long.MIN_VALUE) {
            nextHostDue = ceil(atMs, stackInterval);
        }
        if (atMs >= nextHostDue) {
            nextHostDue = (Math.floorDiv(atMs, stackInterval) + 1) * stackInterval;
            HostSource.HostSample sample = host.read(at);
            latestHost = sample.readings();
            latestHostUsage = Optional.of(sample.usage());
            latestSelf = self();
            batch.addAll(latestHost);
            batch.addAll(latestSelf);
        }
        writer.offer(atMs, batch);
    }

    private void forgetRemoved(Set<String> names) {
        for (String gone : List.copyOf(latest.keySet())) {
            if (!names.contains(gone)) {
                latest.remove(gone);
                latestByService.remove(gone);
                cpuMarks.remove(gone);
                nextDue.remove(gone);
                probes.forget(gone);
            }
        }
        latestByService.keySet().retainAll(names);
        labels.keySet().retainAll(names);
    }

    private List<Reading> service(ServiceSpec spec, ServiceStatus status, Optional<Instance> instance, long atMs,
                                  Instant at) {
        String name = spec.name();
        List<Reading> out = new ArrayList<>();
        out.add(new Reading(labels(SERVICE_RESTARTS, name), status.restarts()));
        OptionalDouble probe = probes.last(name);
        probe.ifPresent(seconds -> out.add(new Reading(labels(SERVICE_PROBE, name), seconds)));
        Optional<Usage> usage = instance.flatMap(Instance::usage);
        out.add(new Reading(labels(SERVICE_UP, name), usage.isPresent() ? 1 : 0));
        if (usage.isEmpty()) {
            latest.remove(name);
            cpuMarks.remove(name);
            return out;
        }
        Usage u = usage.get();
        out.add(new Reading(labels(SERVICE_CPU, name), u.cpuSeconds()));
        out.add(new Reading(labels(SERVICE_RSS, name), u.rssBytes()));
        long limit = spec.memoryLimit().map(MemoryLimit::maxBytes).orElse(u.memoryLimitBytes().orElse(0));
        if (limit > 0) {
            out.add(new Reading(labels(SERVICE_MEMORY_LIMIT, name), limit));
        }
        out.add(new Reading(labels(SERVICE_THREADS, name), u.threads()));
        u.openFds().ifPresent(fds -> out.add(new Reading(labels(SERVICE_FDS, name), fds)));
        u.fdLimit().ifPresent(fds -> out.add(new Reading(labels(SERVICE_FD_LIMIT, name), fds)));
        out.add(new Reading(labels(SERVICE_READ, name), u.readBytes()));
        out.add(new Reading(labels(SERVICE_WRITTEN, name), u.writtenBytes()));
        String id = instance.get().id();
        CpuMark before = cpuMarks.put(name, new CpuMark(id, atMs, u.cpuSeconds()));
        OptionalDouble cores = before != null && before.instance().equals(id) && atMs > before.atMs()
                && u.cpuSeconds() >= before.seconds()
                ? OptionalDouble.of((u.cpuSeconds() - before.seconds()) / ((atMs - before.atMs()) / 1000.0))
                : OptionalDouble.empty();
        latest.put(name, new ServiceUsage(name, at, u, cores, limit, probe));
        return out;
    }

    private Labels labels(String metric, String service) {
        return labels.computeIfAbsent(service, s -> new HashMap<>())
                .computeIfAbsent(metric, m -> Labels.metric(m, SERVICE, service));
    }

    private List<Reading> self() {
        List<Reading> out = new ArrayList<>();
        out.add(new Reading(Labels.metric(VIGIL_HEAP), ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed()));
        out.add(new Reading(Labels.metric(VIGIL_THREADS), ManagementFactory.getThreadMXBean().getThreadCount()));
        out.add(new Reading(Labels.metric(VIGIL_EVENT_QUEUE), eventQueue.getAsInt()));
        MetricStoreStats stats = writer.store().stats();
        out.add(new Reading(Labels.metric(VIGIL_STORE_BYTES), stats.bytesOnDisk()));
        out.add(new Reading(Labels.metric(VIGIL_STORE_SERIES), stats.series()));
        return out;
    }

    @Override
    public List<ServiceUsage> services() {
        return latest.values().stream().sorted(Comparator.comparing(ServiceUsage::service)).toList();
    }

    @Override
    public Optional<ServiceUsage> service(String name) {
        return Optional.ofNullable(latest.get(name));
    }

    @Override
    public Optional<HostUsage> host() {
        return latestHostUsage;
    }

    /**
     * The latest value of every series collected, in the Prometheus text format ({@code # TYPE} lines, counters
     * as counters), for {@code /metrics}; nothing before the first round.
     */
    public String exposition() {
        Map<String, List<Reading>> byName = new LinkedHashMap<>();
        List<Reading> all = new ArrayList<>();
        latestByService.keySet().stream().sorted().forEach(s -> all.addAll(latestByService.getOrDefault(s, List.of())));
        all.addAll(latestHost);
        all.addAll(latestSelf);
        for (Reading r : all) {
            byName.computeIfAbsent(r.labels().metricName(), n -> new ArrayList<>()).add(r);
        }
        StringBuilder out = new StringBuilder();
        byName.keySet().stream().sorted().forEach(name -> {
            out.append("# TYPE ").append(name).append(name.endsWith("_total") ? " counter\n" : " gauge\n");
            for (Reading r : byName.get(name)) {
                out.append(name);
                Labels labels = r.labels();
                boolean first = true;
                for (int i = 0; i < labels.size(); i++) {
                    if (labels.name(i).equals(Labels.METRIC_NAME)) {
                        continue;
                    }
                    out.append(first ? '{' : ',').append(labels.name(i)).append("=\"")
                            .append(escape(labels.valueAt(i))).append('"');
                    first = false;
                }
                out.append(first ? "" : "}").append(' ').append(format(r.value())).append('\n');
            }
        });
        return out.toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String format(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (timer != null) {
            timer.cancel();
        }
    }
}
