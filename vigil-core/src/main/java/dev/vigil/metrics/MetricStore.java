package dev.vigil.metrics;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Time series of samples, by labels. Appends come in batches, one per collection (a scrape, a round of
 * collectors), all at one time. Per series, only samples newer than its newest are stored: an older one is
 * rejected (out of order), one at the same time is ignored when its value is the same bit for bit (a
 * duplicate) and rejected otherwise (a conflict), as Prometheus does without an out-of-order window. Values are
 * kept bit for bit: NaN, the staleness marker ({@link Sample#STALE_NAN}), infinities and negative zero.
 * Implementations are safe for one appending thread and any number of reading threads.
 */
public interface MetricStore extends AutoCloseable {

    /** Appends one value per series, all at {@code timestampMs}. A series seen for the first time is created. */
    AppendResult append(long timestampMs, List<Reading> readings);

    /**
     * The raw samples of the matching series in the range, series sorted by labels.
     *
     * @throws QueryLimitException when more series or samples match than the store's limits allow
     */
    List<Series> select(Selection selection);

    /**
     * The matching series' aggregates at {@code resolution} (at {@link Resolution#RAW}, one per sample), series
     * sorted by labels. Equal to aggregating the raw samples, for as long as the raw samples are kept.
     *
     * @throws QueryLimitException when more series or points match than the store's limits allow
     */
    List<RollupSeries> rollup(Selection selection, Resolution resolution);

    /** The labels of every series that matches all the matchers, sorted. */
    List<Labels> series(List<Matcher> matchers);

    /** Every label name in use, sorted. */
    List<String> labelNames();

    /** Every value the label takes, sorted. */
    List<String> labelValues(String name);

    MetricStoreStats stats();

    /**
     * How long data at {@code resolution} stays readable: a query reaching further back finds nothing there. Empty
     * when the store keeps it for as long as the store lives.
     */
    default Optional<Duration> retention(Resolution resolution) {
        return Optional.empty();
    }

    @Override
    void close();
}
