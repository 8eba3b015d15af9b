package dev.vigil.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Series read at a fixed step, for graphs and tables. The points are aligned to the step (their times are whole
 * multiples of it since the epoch): the one at {@code t} sums up the samples, or the rollup buckets, that start in
 * {@code [t, t + step)}, from the first step holding {@code startMs} to the one holding {@code endMs}. A step
 * without data has no point. The data comes from the coarsest resolution whose width divides the step (an hour,
 * a minute, else raw samples), made coarser while the store no longer keeps that resolution as far back as the
 * first step.
 *
 * @param selectors one or more selections (each a list of matchers); a series matched by several is read once
 */
public record RangeQuery(List<List<Matcher>> selectors, long startMs, long endMs, long stepMs) {

    /** Prometheus's limit, for the same reason: no graph has more pixels than that. */
    public static final int MAX_POINTS_PER_SERIES = 11_000;
    /** Times outside year 0 to 9999 are refused, so that aligning and counting steps cannot overflow. */
    public static final long MIN_TIME_MS = -62_167_219_200_000L;
    public static final long MAX_TIME_MS = 253_402_300_799_999L;

    public RangeQuery {
        selectors = selectors.stream().map(List::copyOf).toList();
        if (selectors.isEmpty()) {
            throw new IllegalArgumentException("a range query needs at least one selector");
        }
        for (List<Matcher> s : selectors) {
            if (s.stream().allMatch(m -> m.matches(""))) {
                throw new IllegalArgumentException("each selector needs a matcher that does not match \"\"; got " + s);
            }
        }
        if (stepMs < 1) {
            throw new IllegalArgumentException("the step must be at least 1ms, got " + stepMs + "ms");
        }
        if (startMs < MIN_TIME_MS || endMs > MAX_TIME_MS) {
            throw new IllegalArgumentException("times must lie in the years 0 to 9999");
        }
        if (endMs < startMs) {
            throw new IllegalArgumentException("the range ends (" + endMs + ") before it starts (" + startMs + ")");
        }
    }

    /** What a range query found: the resolution it read and the points of each series, sorted by labels. */
    public record Result(Resolution resolution, long firstStepMs, long stepMs, List<Stepped> series) {
        public Result {
            series = List.copyOf(series);
        }
    }

    /** One series' points: an aggregate per step that has data, its {@code startMs} the step's time. */
    public record Stepped(Labels labels, List<Aggregate> points) {
        public Stepped {
            points = List.copyOf(points);
        }
    }

    /** The time of the first point: the start of the step holding {@code startMs}. */
    public long firstStepMs() {
        return Math.floorDiv(startMs, stepMs) * stepMs;
    }

    public long lastStepMs() {
        return Math.floorDiv(endMs, stepMs) * stepMs;
    }

    /** How many points each series can have. */
    public long steps() {
        return (lastStepMs() - firstStepMs()) / stepMs + 1;
    }

    /** The resolution the points come from; see the class comment. */
    public Resolution resolution(MetricStore store, long nowMs) {
        Resolution r = Resolution.RAW;
        for (Resolution coarse : List.of(Resolution.HOUR, Resolution.MINUTE)) {
            if (stepMs >= coarse.stepMillis() && stepMs % coarse.stepMillis() == 0) {
                r = coarse;
                break;
            }
        }
        while (r != Resolution.HOUR && !keeps(store, r, nowMs)) {
            r = r == Resolution.RAW ? Resolution.MINUTE : Resolution.HOUR;
        }
        return r;
    }

    private boolean keeps(MetricStore store, Resolution r, long nowMs) {
        return store.retention(r).map(keep -> nowMs - keep.toMillis() <= firstStepMs()).orElse(true);
    }

    /**
     * Reads the points.
     *
     * @param maxPoints the most points the answer may hold, all series together (a series counts its steps)
     * @throws QueryLimitException when a series would have more than {@link #MAX_POINTS_PER_SERIES} points, the
     *     answer more than {@code maxPoints}, or the store reads more than its own limits allow
     */
    public Result run(MetricStore store, long nowMs, long maxPoints) {
        long steps = steps();
        if (steps > MAX_POINTS_PER_SERIES) {
            // Room for one more step either side: another step aligns differently.
            long least = Math.ceilDiv(lastStepMs() - firstStepMs(), MAX_POINTS_PER_SERIES - 2);
            if (least > 1000) {
                least = Math.ceilDiv(least, 1000) * 1000;
            }
            throw new QueryLimitException("a step of " + millis(stepMs) + " over this range gives " + steps
                    + " points per series, more than the limit of " + MAX_POINTS_PER_SERIES
                    + " points per series; use a step of at least " + millis(least));
        }
        Set<Labels> matching = new LinkedHashSet<>();
        for (List<Matcher> s : selectors) {
            matching.addAll(store.series(s));
        }
        if (matching.size() * steps > maxPoints) {
            throw new QueryLimitException(matching.size() + " series of " + steps + " points each would be "
                    + matching.size() * steps + " points, more than the limit of " + maxPoints
                    + " points per query; narrow the selectors or use a larger step");
        }
        Resolution resolution = resolution(store, nowMs);
        long from = firstStepMs();
        long to = lastStepMs() + stepMs - 1;
        Map<Labels, Stepped> found = new LinkedHashMap<>();
        for (List<Matcher> s : selectors) {
            Selection selection = new Selection(s, from, to);
            if (resolution == Resolution.RAW) {
                for (Series series : store.select(selection)) {
                    found.computeIfAbsent(series.labels(), l -> new Stepped(l, fold(raw(series.samples()))));
                }
            } else {
                for (RollupSeries series : store.rollup(selection, resolution)) {
                    found.computeIfAbsent(series.labels(), l -> new Stepped(l, fold(series.aggregates())));
                }
            }
        }
        List<Stepped> sorted = new ArrayList<>(found.values());
        sorted.removeIf(s -> s.points().isEmpty());
        sorted.sort((a, b) -> a.labels().compareTo(b.labels()));
        return new Result(resolution, from, stepMs, sorted);
    }

    private static List<Aggregate> raw(List<Sample> samples) {
        List<Aggregate> out = new ArrayList<>(samples.size());
        for (Sample s : samples) {
            if (!Sample.isStaleMarker(s.value())) {
                double v = s.value();
                out.add(new Aggregate(s.timestampMs(), v, v, v, 1, v));
            }
        }
        return out;
    }

    /**
     * Folds aggregates (oldest first) into one per step, by the step their bucket starts in; a bucket that started
     * before the first step belongs to none. NaN is the min or max only when every value is NaN, as in a rollup.
     */
    private List<Aggregate> fold(List<Aggregate> in) {
        List<Aggregate> out = new ArrayList<>();
        long first = firstStepMs();
        Aggregate open = null;
        for (Aggregate a : in) {
            if (a.startMs() < first) {
                continue;
            }
            long step = first + Math.floorDiv(a.startMs() - first, stepMs) * stepMs;
            if (open != null && open.startMs() == step) {
                open = new Aggregate(step, a.min() < open.min() || Double.isNaN(open.min()) ? a.min() : open.min(),
                        a.max() > open.max() || Double.isNaN(open.max()) ? a.max() : open.max(),
                        open.sum() + a.sum(), open.count() + a.count(), a.last());
            } else {
                if (open != null) {
                    out.add(open);
                }
                open = new Aggregate(step, a.min(), a.max(), a.sum(), a.count(), a.last());
            }
        }
        if (open != null) {
            out.add(open);
        }
        return out;
    }

    private static String millis(long ms) {
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
