package dev.vigil.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A metric store in memory only: compressed chunks, nothing written, nothing expired. For tests, and a reference
 * for what the contract asks of a store.
 */
public final class InMemoryMetricStore implements MetricStore {

    private final QueryLimits limits;
    private final Map<Labels, Stored> series = new HashMap<>();
    private long appended;
    private long outOfOrder;
    private long duplicates;
    private long conflicts;

    private static final class Stored {
        final SeriesHead head = new SeriesHead();
        final List<Chunk> chunks = new ArrayList<>();
    }

    public InMemoryMetricStore(QueryLimits limits) {
        this.limits = limits;
    }

    public InMemoryMetricStore() {
        this(QueryLimits.DEFAULT);
    }

    @Override
    public synchronized AppendResult append(long timestampMs, List<Reading> readings) {
        int ok = 0;
        int old = 0;
        int same = 0;
        int clash = 0;
        for (Reading r : readings) {
            Stored s = series.computeIfAbsent(r.labels(), l -> new Stored());
            switch (s.head.admit(timestampMs, r.value())) {
                case APPEND -> {
                    s.head.append(timestampMs, r.value(), s.chunks::add);
                    ok++;
                }
                case OUT_OF_ORDER -> old++;
                case DUPLICATE -> same++;
                case CONFLICT -> clash++;
            }
        }
        appended += ok;
        outOfOrder += old;
        duplicates += same;
        conflicts += clash;
        return new AppendResult(ok, old, same, clash);
    }

    @Override
    public synchronized List<Series> select(Selection selection) {
        Selections.PointBudget budget = new Selections.PointBudget(limits);
        List<Series> result = new ArrayList<>();
        for (Labels labels : Selections.matching(series.keySet(), selection, limits)) {
            List<Sample> samples = samples(series.get(labels), selection.startMs(), selection.endMs());
            budget.spend(samples.size());
            if (!samples.isEmpty()) {
                result.add(new Series(labels, samples));
            }
        }
        return result;
    }

    @Override
    public synchronized List<RollupSeries> rollup(Selection selection, Resolution resolution) {
        Selections.PointBudget budget = new Selections.PointBudget(limits);
        long from = resolution.bucketStart(selection.startMs());
        long to = resolution.bucketEnd(selection.endMs());
        List<RollupSeries> result = new ArrayList<>();
        for (Labels labels : Selections.matching(series.keySet(), selection, limits)) {
            List<Aggregate> aggregates = Selections.aggregate(samples(series.get(labels), from, to), resolution);
            budget.spend(aggregates.size());
            if (!aggregates.isEmpty()) {
                result.add(new RollupSeries(labels, resolution, aggregates));
            }
        }
        return result;
    }

    private static List<Sample> samples(Stored s, long from, long to) {
        List<Sample> samples = new ArrayList<>();
        for (Chunk c : s.chunks) {
            if (c.overlaps(from, to)) {
                Selections.decode(c.data(), from, to, samples);
            }
        }
        if (s.head.count() > 0) {
            Selections.decode(s.head.snapshot().data(), from, to, samples);
        }
        return samples;
    }

    @Override
    public synchronized List<Labels> series(List<Matcher> matchers) {
        return Selections.matching(series.keySet(), matchers);
    }

    @Override
    public synchronized List<String> labelNames() {
        return Selections.labelNames(series.keySet());
    }

    @Override
    public synchronized List<String> labelValues(String name) {
        return Selections.labelValues(series.keySet(), name);
    }

    @Override
    public synchronized MetricStoreStats stats() {
        return new MetricStoreStats(series.size(), appended, outOfOrder, duplicates, conflicts, 0, 0, 0);
    }

    @Override
    public void close() {
        // nothing held outside the heap
    }
}
