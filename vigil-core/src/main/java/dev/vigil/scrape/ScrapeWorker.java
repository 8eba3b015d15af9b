package dev.vigil.scrape;

import dev.vigil.event.EventSink;
import dev.vigil.event.ServiceEvent;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.MetricWriter;
import dev.vigil.metrics.Reading;
import dev.vigil.metrics.Sample;
import dev.vigil.scrape.ScrapeReport.Health;
import dev.vigil.time.Scheduler;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.random.RandomGenerator;

/**
 * Scrapes one target on its schedule and writes what came: its samples, the scrape series, and stale markers for
 * the series that went missing; reports the target going down and coming back. The HTTP call runs on the blocking
 * executor; everything that reads or changes the target's state runs on its lane, one step at a time, so a scrape
 * in flight, a changed target and a removal never meet halfway.
 */
final class ScrapeWorker {

    private final Scheduler scheduler;
    private final Executor lane;
    private final Executor blocking;
    private final MetricWriter writer;
    private final EventSink events;
    private final RandomGenerator random;
    private final Duration reportEvery;
    private final ScrapeSeries own;
    private volatile ScrapeReport report;
    private volatile boolean stopping;

    // Confined to the lane.
    private ScrapeTarget target;
    private Scraper scraper;
    private Scheduler.Cancellable timer = () -> { };
    private boolean running;
    private boolean stopped;
    private boolean staleOnStop;
    private boolean wroteAny;
    private Set<Labels> previous = Set.of();
    private Health health = Health.UNKNOWN;
    private Instant downSince;
    private int failures;
    private String lastReason = "";
    private boolean outageReported;
    private String reportedReason = "";
    private long reportedAtNanos;
    private boolean reportedEver;
    private int suppressed;

    ScrapeWorker(Scraper scraper, Scheduler scheduler, Executor blocking, MetricWriter writer, EventSink events,
                 RandomGenerator random, Duration reportEvery) {
        this.scraper = scraper;
        this.target = scraper.target();
        this.scheduler = scheduler;
        this.lane = new SerialExecutor(blocking);
        this.blocking = blocking;
        this.writer = writer;
        this.events = events;
        this.random = random;
        this.reportEvery = reportEvery;
        this.own = ScrapeSeries.of(target.service());
        this.report = ScrapeReport.notYetScraped(target);
    }

    ScrapeReport report() {
        return report;
    }

    /** The first scrape comes at a random point of the first interval, so many targets spread out. */
    void start() {
        onLane(() -> timer = scheduler.schedule(phase(target.interval()), this::fire));
    }

    /** Scrapes another URL, or at another pace, from now on; what the target's series were is kept. */
    void reconfigure(Scraper next) {
        onLane(() -> {
            if (stopped) {
                return;
            }
            scraper = next;
            target = next.target();
            ScrapeReport r = report;
            report = new ScrapeReport(r.service(), target.shown(), r.health(), r.lastScrape(), r.lastDuration(),
                    r.lastError(), r.series(), target.interval());
            if (!running) {
                timer.cancel();
                timer = scheduler.schedule(phase(target.interval()), this::fire);
            }
        });
    }

    /**
     * Stops scraping; a scrape in flight is finished and dropped.
     *
     * @param markStale true when the target is gone: its series (the scrape series too) end with a stale marker
     */
    void stop(boolean markStale) {
        stopping = true;
        onLane(() -> {
            if (stopped) {
                return;
            }
            stopped = true;
            staleOnStop = markStale;
            timer.cancel();
            if (!running && markStale) {
                endOfRun();
            }
        });
    }

    private void fire() {
        if (!stopping) {
            onLane(this::begin);
        }
    }

    private void begin() {
        if (stopped || running) {
            return;
        }
        running = true;
        Scraper now = scraper;
        long start = scheduler.nanoTime();
        try {
            blocking.execute(() -> {
                ScrapeResult result = run(now);
                onLane(() -> finish(result, start));
            });
        } catch (RejectedExecutionException e) {
            running = false; // Vigil is stopping
        }
    }

    private ScrapeResult run(Scraper s) {
        try {
            return s.scrape();
        } catch (RuntimeException e) {
            return new ScrapeResult.Failure(scheduler.now(), Duration.ZERO, "the scrape failed inside Vigil: " + e);
        }
    }

    private void finish(ScrapeResult result, long start) {
        running = false;
        if (stopped) {
            if (staleOnStop) {
                endOfRun();
            }
            return;
        }
        try {
            switch (result) {
                case ScrapeResult.Success s -> succeeded(s);
                case ScrapeResult.Failure f -> failed(f);
            }
        } finally {
            // From the start of this scrape, so a slow target does not stretch the interval; also after a bug here.
            long elapsed = scheduler.nanoTime() - start;
            timer = scheduler.schedule(Duration.ofNanos(Math.max(0, target.interval().toNanos() - elapsed)),
                    this::fire);
        }
    }

    private void succeeded(ScrapeResult.Success s) {
        long at = s.at().toEpochMilli();
        Set<Labels> current = new HashSet<>(s.current().size() * 2);
        List<Reading> now = new ArrayList<>(s.current().size() + previous.size() + 3);
        for (Reading r : s.current()) {
            current.add(r.labels());
            now.add(r);
        }
        // As Prometheus: only series without a timestamp of their own go stale when they are missing.
        for (Labels gone : previous) {
            if (!current.contains(gone)) {
                now.add(new Reading(gone, Sample.STALE_NAN));
            }
        }
        now.add(new Reading(own.up(), 1));
        now.add(new Reading(own.duration(), seconds(s.took())));
        now.add(new Reading(own.samples(), s.series()));
        TreeMap<Long, List<Reading>> batches = new TreeMap<>(s.timestamped());
        batches.merge(at, now, (theirs, ours) -> {
            List<Reading> both = new ArrayList<>(theirs);
            both.addAll(ours);
            return both;
        });
        batches.forEach(writer::offer);
        wroteAny = true;
        previous = current;

        if (health == Health.DOWN && outageReported) {
            events.publish(new ServiceEvent.ScrapeRecovered(s.at(), target.service(), target.shown(),
                    Duration.between(downSince, s.at()).toSeconds(), failures));
        }
        health = Health.UP;
        failures = 0;
        outageReported = false;
        lastReason = "";
        report = new ScrapeReport(target.service(), target.shown(), Health.UP, Optional.of(s.at()), s.took(), "",
                s.series(), target.interval());
    }

    private void failed(ScrapeResult.Failure f) {
        List<Reading> now = new ArrayList<>(previous.size() + 3);
        for (Labels gone : previous) {
            now.add(new Reading(gone, Sample.STALE_NAN));
        }
        now.add(new Reading(own.up(), 0));
        now.add(new Reading(own.duration(), seconds(f.took())));
        now.add(new Reading(own.samples(), 0));
        writer.offer(f.at().toEpochMilli(), now);
        wroteAny = true;
        previous = Set.of();

        boolean wentDown = health != Health.DOWN;
        if (wentDown) {
            downSince = f.at();
            failures = 0;
            outageReported = false;
        }
        failures++;
        boolean changed = wentDown || !f.reason().equals(lastReason);
        lastReason = f.reason();
        health = Health.DOWN;
        announce(f, changed);
        report = new ScrapeReport(target.service(), target.shown(), Health.DOWN, Optional.of(f.at()), f.took(),
                f.reason(), 0, target.interval());
    }

    /** At most one event per {@code reportEvery}; what it held back is counted and said in the next. */
    private void announce(ScrapeResult.Failure f, boolean changed) {
        long now = scheduler.nanoTime();
        boolean may = !reportedEver || now - reportedAtNanos >= reportEvery.toNanos();
        boolean untold = !outageReported || !f.reason().equals(reportedReason) || suppressed > 0;
        if (may && untold) {
            events.publish(new ServiceEvent.ScrapeFailed(f.at(), target.service(), target.shown(), f.reason(),
                    suppressed));
            suppressed = 0;
            outageReported = true;
            reportedReason = f.reason();
            reportedAtNanos = now;
            reportedEver = true;
        } else if (changed) {
            suppressed++;
        }
    }

    /** The target is gone: each of its series ends here. */
    private void endOfRun() {
        if (!wroteAny) {
            return;
        }
        List<Reading> stale = new ArrayList<>(previous.size() + 3);
        for (Labels gone : previous) {
            stale.add(new Reading(gone, Sample.STALE_NAN));
        }
        for (Labels series : List.of(own.up(), own.duration(), own.samples())) {
            stale.add(new Reading(series, Sample.STALE_NAN));
        }
        writer.offer(scheduler.now().toEpochMilli(), stale);
        previous = Set.of();
        wroteAny = false;
    }

    private void onLane(Runnable step) {
        try {
            lane.execute(step);
        } catch (RejectedExecutionException e) {
            // The blocking executor is shut down: Vigil is stopping, nothing is left to do.
        }
    }

    private Duration phase(Duration interval) {
        return Duration.ofNanos((long) (random.nextDouble() * interval.toNanos()));
    }

    private static double seconds(Duration d) {
        return d.toNanos() / 1e9;
    }
}
