package dev.vigil.collect;

import dev.vigil.event.Caused;
import dev.vigil.event.Event;
import dev.vigil.event.EventListener;
import dev.vigil.event.ServiceEvent;
import dev.vigil.event.StackEvent;
import dev.vigil.event.StoredEvent;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Reading;
import dev.vigil.supervise.ServiceState;
import dev.vigil.supervise.ServiceStatus;
import dev.vigil.time.Scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import static dev.vigil.collect.MetricNames.*;

/**
 * Vigil's events as series, so that alerting rules can see them:
 * <ul>
 *     <li>{@code vigil_events_total{type, service, cause}}: a counter per event type (its simple name, e.g.
 *     {@code GaveUp}) and service ({@code service} absent for stack-wide events; {@code cause} only on events that
 *     carry one, e.g. {@code RestartScheduled} with {@code cause="crash"});</li>
 *     <li>{@code vigil_service_state{service, state}}: 1 for the supervisor's current state, 0 for the states the
 *     service was in before, as kube-state-metrics does;</li>
 *     <li>{@code vigil_finding_open{finding, service, kind, subject}}: 1 while a finding is open, 0 once resolved
 *     (then no longer written), and {@code vigil_finding_reaches_at_seconds} with the same labels: when the finding
 *     predicts the limit is reached, in Unix seconds.</li>
 * </ul>
 * An event's samples are written as soon as it arrives, so a rule sees it in its next evaluation; from
 * {@link #start()} on, every current value is written again each refresh ({@link #DEFAULT_REFRESH} unless given)
 * so that no series goes stale under PromQL's five-minute lookback. Timestamps only grow, also across events and refreshes: the store
 * refuses a sample older than a series' newest.
 * <p>
 * The counters live in this object: when the daemon restarts they begin again from 0. {@code increase()},
 * {@code rate()} and {@code changes()} read that as a counter reset, as Prometheus does for any restarted target;
 * a rule must not compare a counter's raw value with a threshold. A counter's first sample in a run is a 0 just
 * before the 1, so that the first event is a change too and not only the second. Each event is its own sample, so
 * {@code changes(c[w]) - resets(c[w])} counts the events in a window exactly (a restart's drop to 0 is one change
 * and one reset); {@code increase()} would extrapolate such a sparse counter to the window's edges.
 */
public final class EventSeries implements EventListener, AutoCloseable {

    /** Far below the five-minute lookback, so a missed refresh or two still keeps every series present. */
    public static final Duration DEFAULT_REFRESH = Duration.ofMinutes(1);

    /** Where the samples go: {@code MetricWriter::offer} in the daemon, a store's {@code append} in tests. */
    @FunctionalInterface
    public interface Sink {
        void write(long atMs, List<Reading> readings);
    }

    private final Sink sink;
    private final Scheduler scheduler;
    private final Supplier<List<ServiceStatus>> statuses;
    private final Duration refresh;
    // All guarded by this: events come on the event writer's thread, refreshes on the scheduler's.
    private final Map<Labels, Long> counters = new LinkedHashMap<>();
    private final Map<String, Map<ServiceState, Labels>> states = new LinkedHashMap<>();
    private final Map<String, ServiceState> current = new LinkedHashMap<>();
    private final Map<String, List<Reading>> findings = new LinkedHashMap<>();
    private long lastMs = Long.MIN_VALUE;
    private Optional<Scheduler.Cancellable> timer = Optional.empty();
    private boolean closed;

    /**
     * @param statuses the supervisor's current statuses ({@code StackSupervisor::statuses}): each refresh takes
     *                 the states from there, so a service is in {@code vigil_service_state} before its first change
     */
    public EventSeries(Sink sink, Scheduler scheduler, Supplier<List<ServiceStatus>> statuses, Duration refresh) {
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("refresh must be positive, got " + refresh);
        }
        this.sink = sink;
        this.scheduler = scheduler;
        this.statuses = statuses;
        this.refresh = refresh;
    }

    public EventSeries(Sink sink, Scheduler scheduler, Supplier<List<ServiceStatus>> statuses) {
        this(sink, scheduler, statuses, DEFAULT_REFRESH);
    }

    /** Writes every current value now, then again every refresh until {@link #close()}. */
    public synchronized void start() {
        if (timer.isEmpty()) {
            refreshNow();
        }
    }

    // The task only offers a small batch to the writer's queue, which never blocks: no lane needed.
    private synchronized void refreshNow() {
        if (closed) {
            return;
        }
        try {
            List<ServiceStatus> now = statuses.get();
            Set<String> names = now.stream().map(ServiceStatus::name).collect(Collectors.toSet());
            states.keySet().retainAll(names);
            current.keySet().retainAll(names);
            for (ServiceStatus s : now) {
                current.put(s.name(), s.state());
            }
            write(scheduler.now().toEpochMilli(), readings());
        } catch (RuntimeException e) {
            // A supplier that broke must not end the refreshes; the next one tries again.
        } finally {
            timer = Optional.of(scheduler.schedule(refresh, this::refreshNow));
        }
    }

    @Override
    public synchronized void onEvent(StoredEvent stored) {
        if (closed) {
            return;
        }
        Event event = stored.event();
        long at = event.at().toEpochMilli();
        List<Reading> out = new ArrayList<>();
        Labels counter = counterLabels(event);
        Long before = counters.get(counter);
        if (before == null) {
            write(at, List.of(new Reading(counter, 0)));
        }
        long count = (before == null ? 0 : before) + 1;
        counters.put(counter, count);
        out.add(new Reading(counter, count));
        switch (event) {
            case ServiceEvent.StateChanged s -> parseState(s.to()).ifPresent(to -> {
                parseState(s.from()).ifPresent(from -> stateLabels(s.service(), from));
                current.put(s.service(), to);
                out.addAll(stateReadings(s.service()));
            });
            case StackEvent.FindingOpened f -> {
                Labels open = findingLabels(VIGIL_FINDING_OPEN, f.finding(), f.service(), f.resource(), f.subject());
                Labels reaches = findingLabels(VIGIL_FINDING_REACHES_AT, f.finding(), f.service(), f.resource(),
                        f.subject());
                List<Reading> readings = List.of(new Reading(open, 1),
                        new Reading(reaches, f.reachesAt().toEpochMilli() / 1000.0));
                findings.put(f.finding(), readings);
                out.addAll(readings);
            }
            case StackEvent.FindingResolved r -> {
                findings.remove(r.finding());
                out.add(new Reading(findingLabels(VIGIL_FINDING_OPEN, r.finding(), r.service(), r.resource(),
                        r.subject()), 0));
            }
            default -> {
                // Other events only count.
            }
        }
        write(at, out);
    }

    /** Every current value: the counters, the state of each service, the open findings. */
    public synchronized List<Reading> readings() {
        List<Reading> out = new ArrayList<>();
        counters.forEach((labels, count) -> out.add(new Reading(labels, count)));
        for (String service : current.keySet()) {
            out.addAll(stateReadings(service));
        }
        findings.values().forEach(out::addAll);
        return out;
    }

    private List<Reading> stateReadings(String service) {
        ServiceState now = current.get(service);
        stateLabels(service, now);
        List<Reading> out = new ArrayList<>();
        states.get(service).forEach((state, labels) -> out.add(new Reading(labels, state == now ? 1 : 0)));
        return out;
    }

    /** The state's series for the service, from now on written (as 0 while the service is in another state). */
    private Labels stateLabels(String service, ServiceState state) {
        return states.computeIfAbsent(service, s -> new LinkedHashMap<>()).computeIfAbsent(state,
                s -> Labels.metric(VIGIL_SERVICE_STATE, SERVICE, service, "state", s.label()));
    }

    private void write(long atMs, List<Reading> readings) {
        long t = Math.max(atMs, lastMs + 1);
        lastMs = t;
        sink.write(t, readings);
    }

    private static Labels counterLabels(Event event) {
        String cause = event instanceof Caused c ? c.cause().label() : "";
        return Labels.metric(VIGIL_EVENTS, "type", event.type(), SERVICE, event.serviceName().orElse(""),
                "cause", cause);
    }

    private static Labels findingLabels(String metric, String finding, Optional<String> service, String kind,
                                        String subject) {
        return Labels.metric(metric, "finding", finding, SERVICE, service.orElse(""), "kind", kind,
                "subject", subject);
    }

    /** The supervisor's own label of a state ({@link ServiceState#label()}), as {@code StateChanged} carries it. */
    private static Optional<ServiceState> parseState(String label) {
        try {
            return Optional.of(ServiceState.valueOf(label.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        timer.ifPresent(Scheduler.Cancellable::cancel);
    }
}
