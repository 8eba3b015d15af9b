package dev.vigil.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A store that says it keeps each resolution only so long, as SqliteMetricStore does; the data comes from another. */
public record RetainingMetricStore(MetricStore inner, Map<Resolution, Duration> keep) implements MetricStore {

    @Override
    public AppendResult append(long timestampMs, List<Reading> readings) {
        return inner.append(timestampMs, readings);
    }

    @Override
    public List<Series> select(Selection selection) {
        return inner.select(selection);
    }

    @Override
    public List<RollupSeries> rollup(Selection selection, Resolution resolution) {
        return inner.rollup(selection, resolution);
    }

    @Override
    public List<Labels> series(List<Matcher> matchers) {
        return inner.series(matchers);
    }

    @Override
    public List<String> labelNames() {
        return inner.labelNames();
    }

    @Override
    public List<String> labelValues(String name) {
        return inner.labelValues(name);
    }

    @Override
    public MetricStoreStats stats() {
        return inner.stats();
    }

    @Override
    public Optional<Duration> retention(Resolution resolution) {
        return Optional.ofNullable(keep.get(resolution));
    }

    @Override
    public void close() {
        inner.close();
    }
}
