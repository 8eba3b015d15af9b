package dev.vigil.scrape;

import dev.vigil.event.EventSink;
import dev.vigil.metrics.MetricWriter;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.time.Scheduler;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;
import java.util.random.RandomGenerator;

/**
 * The scrape targets of a running stack: one per service whose {@code metrics:} names a {@code scrape:} URL, each
 * scraped at its interval into the metric store through the {@link MetricWriter}. {@link #update} follows the stack
 * as it changes; {@link #reports} says how each target does. Safe to call from any thread.
 *
 * <pre>{@code
 * ScrapeTargets scrapes = new ScrapeTargets(http, writer, bus, scheduler, blocking, random);
 * scrapes.update(stack.services());   // at start, and after every apply
 * scrapes.close();                    // at shutdown, before the writer
 * }</pre>
 */
public final class ScrapeTargets implements AutoCloseable {

    /** While a target stays down, at most one {@code ScrapeFailed} per this long. */
    public static final Duration REPORT_EVERY = Duration.ofMinutes(5);

    /** No headers beyond those every scrape sends. */
    public static final Function<ScrapeTarget, Map<String, String>> NO_HEADERS = target -> Map.of();

    private final HttpClient http;
    private final MetricWriter writer;
    private final EventSink events;
    private final Scheduler scheduler;
    private final Executor blocking;
    private final RandomGenerator random;
    private final Function<ScrapeTarget, Map<String, String>> headers;
    private final Map<String, Running> running = new HashMap<>();
    private boolean closed;

    private record Running(ScrapeTarget target, ScrapeWorker worker) {
    }

    public ScrapeTargets(HttpClient http, MetricWriter writer, EventSink events, Scheduler scheduler,
                         Executor blocking, RandomGenerator random) {
        this(http, writer, events, scheduler, blocking, random, NO_HEADERS);
    }

    /**
     * @param http shared by every target; its connect timeout bounds connecting
     * @param blocking runs the HTTP calls (virtual threads); each takes at most its target's timeout
     * @param random picks each target's phase within its interval
     * @param headers extra request headers for a target, e.g. a bearer token for Vigil's own {@code /metrics}
     */
    public ScrapeTargets(HttpClient http, MetricWriter writer, EventSink events, Scheduler scheduler,
                         Executor blocking, RandomGenerator random,
                         Function<ScrapeTarget, Map<String, String>> headers) {
        this.http = http;
        this.writer = writer;
        this.events = events;
        this.scheduler = scheduler;
        this.blocking = blocking;
        this.random = random;
        this.headers = headers;
    }

    /**
     * Makes the targets those of {@code services}: a new target is scraped from its first interval on, a changed
     * one goes on with its new settings (its series continue), and a removed one stops, its series marked stale.
     */
    public synchronized void update(Collection<ServiceSpec> services) {
        if (closed) {
            throw new IllegalStateException("the scrape targets are closed");
        }
        Map<String, ScrapeTarget> wanted = new LinkedHashMap<>();
        for (ServiceSpec service : services) {
            ScrapeTarget.of(service).ifPresent(t -> wanted.put(t.service(), t));
        }
        for (Iterator<Map.Entry<String, Running>> it = running.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, Running> e = it.next();
            if (!wanted.containsKey(e.getKey())) {
                e.getValue().worker().stop(true);
                it.remove();
            }
        }
        wanted.forEach((service, target) -> {
            Running now = running.get(service);
            if (now == null) {
                ScrapeWorker worker = new ScrapeWorker(scraper(target), scheduler, blocking, writer, events, random,
                        REPORT_EVERY);
                running.put(service, new Running(target, worker));
                worker.start();
            } else if (!now.target().equals(target)) {
                now.worker().reconfigure(scraper(target));
                running.put(service, new Running(target, now.worker()));
            }
        });
    }

    /** Every target's latest state, by service. */
    public synchronized List<ScrapeReport> reports() {
        return running.values().stream().map(r -> r.worker().report())
                .sorted(Comparator.comparing(ScrapeReport::service)).toList();
    }

    /**
     * Stops every target; scrapes in flight finish (within their timeout) and are dropped. No stale markers are
     * written: the series of a stack that stops, or of a Vigil that restarts, simply end.
     */
    @Override
    public synchronized void close() {
        closed = true;
        running.values().forEach(r -> r.worker().stop(false));
        running.clear();
    }

    private Scraper scraper(ScrapeTarget target) {
        return new Scraper(http, target, scheduler, headers.apply(target));
    }
}
