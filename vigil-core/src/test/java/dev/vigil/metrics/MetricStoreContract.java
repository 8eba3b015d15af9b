package dev.vigil.metrics;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link MetricStore} must do. Each store's test extends this and says how to open one. Times are
 * milliseconds; selections are inclusive at both ends.
 */
public abstract class MetricStoreContract {

    protected static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
    protected static final Labels UP_API = Labels.metric("up", "job", "api");
    protected static final Labels UP_DB = Labels.metric("up", "job", "db");
    protected static final Labels RSS_API = Labels.metric("process_resident_memory_bytes", "job", "api");

    @TempDir
    protected Path dir;

    private MetricStore store;

    /** Opens the store whose data lives in {@code dir} (created when missing), with these query limits. */
    protected abstract MetricStore openStore(Path dir, QueryLimits limits);

    /** Whether the store keeps its data across close and open; an in-memory one does not. */
    protected boolean persistent() {
        return true;
    }

    protected final MetricStore store() {
        if (store == null) {
            store = openStore(dir, QueryLimits.DEFAULT);
        }
        return store;
    }

    protected final MetricStore reopen() {
        store().close();
        store = openStore(dir, QueryLimits.DEFAULT);
        return store;
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    protected static Reading reading(Labels labels, double value) {
        return new Reading(labels, value);
    }

    protected static Selection all(Matcher... matchers) {
        return Selection.of(Long.MIN_VALUE, Long.MAX_VALUE, matchers);
    }

    protected final void appendEvery15s(Labels labels, int count, java.util.function.IntToDoubleFunction value) {
        for (int i = 0; i < count; i++) {
            store().append(T0 + i * 15_000L, List.of(reading(labels, value.applyAsDouble(i))));
        }
    }

    @Test
    void whatWasAppendedComesBackPerSeriesSortedByLabels() {
        AppendResult result = store().append(T0, List.of(reading(UP_DB, 0), reading(UP_API, 1), reading(RSS_API, 5e8)));
        store().append(T0 + 15_000, List.of(reading(UP_DB, 1), reading(UP_API, 1)));

        assertThat(result).isEqualTo(new AppendResult(3, 0, 0, 0));
        assertThat(store().select(all(Matcher.metric("up")))).containsExactly(
                new Series(UP_API, List.of(new Sample(T0, 1), new Sample(T0 + 15_000, 1))),
                new Series(UP_DB, List.of(new Sample(T0, 0), new Sample(T0 + 15_000, 1))));
    }

    @Test
    void appendingNothingStoresNothing() {
        assertThat(store().append(T0, List.of())).isEqualTo(AppendResult.NONE);
        assertThat(store().select(all(Matcher.re("__name__", ".+")))).isEmpty();
        assertThat(store().stats().series()).isZero();
    }

    @Test
    void rangesAreInclusiveAtBothEnds() {
        appendEvery15s(UP_API, 5, i -> i);

        List<Series> found = store().select(Selection.of(T0 + 15_000, T0 + 45_000, Matcher.metric("up")));

        assertThat(found).singleElement().extracting(Series::samples).asList().containsExactly(
                new Sample(T0 + 15_000, 1), new Sample(T0 + 30_000, 2), new Sample(T0 + 45_000, 3));
        assertThat(store().select(Selection.of(T0 + 1, T0 + 14_999, Matcher.metric("up")))).isEmpty();
    }

    @Test
    void manyChunksOfOneSeriesComeBackWholeAndInRanges() {
        appendEvery15s(RSS_API, 1000, i -> 1e8 + (i % 7) * 4096);

        List<Sample> all = store().select(all(Matcher.metric(RSS_API.metricName()))).getFirst().samples();
        List<Sample> middle = store().select(Selection.of(T0 + 119 * 15_000L, T0 + 601 * 15_000L,
                Matcher.metric(RSS_API.metricName()))).getFirst().samples();

        assertThat(all).hasSize(1000);
        assertThat(all).extracting(Sample::timestampMs).isSorted().doesNotHaveDuplicates();
        assertThat(all.get(999)).isEqualTo(new Sample(T0 + 999 * 15_000L, 1e8 + (999 % 7) * 4096));
        assertThat(middle).isEqualTo(all.subList(119, 602));
    }

    @Test
    void matchersSelectAsInPromQl() {
        Labels web = Labels.metric("up", "job", "web", "env", "prod");
        store().append(T0, List.of(reading(UP_API, 1), reading(UP_DB, 1), reading(web, 1), reading(RSS_API, 1)));

        // Sorted label by label, as Prometheus sorts: env < job, so web's series comes first.
        assertThat(labelsOf(all(Matcher.metric("up"), Matcher.neq("job", "db")))).containsExactly(web, UP_API);
        assertThat(labelsOf(all(Matcher.metric("up"), Matcher.re("job", "a.*|d.")))).containsExactly(UP_API, UP_DB);
        assertThat(labelsOf(all(Matcher.metric("up"), Matcher.re("job", "a")))).isEmpty(); // anchored
        assertThat(labelsOf(all(Matcher.re("job", "api"), Matcher.nre("__name__", "up")))).containsExactly(RSS_API);
        // A missing label is matched as "".
        assertThat(labelsOf(all(Matcher.metric("up"), Matcher.eq("env", "")))).containsExactly(UP_API, UP_DB);
        assertThat(labelsOf(all(Matcher.metric("up"), Matcher.neq("env", "")))).containsExactly(web);
    }

    @Test
    void seriesAndLabelNamesAndValuesAreListedSorted() {
        Labels web = Labels.metric("up", "job", "web", "env", "prod");
        store().append(T0, List.of(reading(web, 1), reading(UP_DB, 1), reading(RSS_API, 1)));

        assertThat(store().series(List.of(Matcher.metric("up")))).containsExactly(web, UP_DB);
        assertThat(store().labelNames()).containsExactly("__name__", "env", "job");
        assertThat(store().labelValues("job")).containsExactly("api", "db", "web");
        assertThat(store().labelValues("__name__")).containsExactly("process_resident_memory_bytes", "up");
        assertThat(store().labelValues("nope")).isEmpty();
    }

    @Test
    void olderSamplesAreRejectedAsOutOfOrderAndCounted() {
        store().append(T0 + 30_000, List.of(reading(UP_API, 1)));

        AppendResult late = store().append(T0 + 15_000, List.of(reading(UP_API, 0), reading(UP_DB, 1)));

        assertThat(late).isEqualTo(new AppendResult(1, 1, 0, 0)); // UP_DB is new: its first sample is in order
        assertThat(samplesOf(UP_API)).containsExactly(new Sample(T0 + 30_000, 1));
        assertThat(store().stats().outOfOrder()).isEqualTo(1);
    }

    @Test
    void aDuplicateIsIgnoredAndAnotherValueAtTheSameTimeIsAConflict() {
        store().append(T0, List.of(reading(UP_API, 1), reading(UP_DB, Double.NaN)));

        AppendResult again = store().append(T0, List.of(reading(UP_API, 1), reading(UP_DB, Double.NaN)));
        AppendResult other = store().append(T0, List.of(reading(UP_API, 0), reading(UP_DB, Sample.STALE_NAN)));

        assertThat(again).isEqualTo(new AppendResult(0, 0, 2, 0));
        assertThat(other).isEqualTo(new AppendResult(0, 0, 0, 2)); // the staleness marker is not the same NaN
        assertThat(samplesOf(UP_API)).containsExactly(new Sample(T0, 1));
        MetricStoreStats stats = store().stats();
        assertThat(List.of(stats.appended(), stats.duplicates(), stats.conflicts())).containsExactly(2L, 2L, 2L);
    }

    @Test
    void specialValuesAreKeptBitForBit() {
        double[] values = {Double.NaN, Sample.STALE_NAN, Double.longBitsToDouble(0xfff8_0000_0000_0001L),
                Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0, 0.0, Double.MIN_VALUE, -Double.MAX_VALUE};
        appendEvery15s(UP_API, values.length, i -> values[i]);

        List<Sample> back = samplesOf(UP_API);

        assertThat(back).hasSize(values.length);
        for (int i = 0; i < values.length; i++) {
            assertThat(Double.doubleToRawLongBits(back.get(i).value())).as("value #%d", i)
                    .isEqualTo(Double.doubleToRawLongBits(values[i]));
        }
    }

    @Test
    void rollupsEqualABruteForceAggregationOfTheRawSamples() {
        Random random = new Random(7);
        long t = T0 + 3_000;
        List<Sample> raw = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            t += 1_000 + random.nextInt(20_000);
            double v = switch (random.nextInt(20)) {
                case 0 -> Double.NaN;
                case 1 -> Sample.STALE_NAN;
                case 2 -> Double.POSITIVE_INFINITY;
                default -> random.nextInt(100) - 20 + random.nextDouble();
            };
            raw.add(new Sample(t, v));
            store().append(t, List.of(reading(UP_API, v)));
        }

        for (Resolution r : Resolution.values()) {
            List<RollupSeries> found = store().rollup(all(Matcher.metric("up")), r);
            assertThat(found).as(r.name()).singleElement().isEqualTo(
                    new RollupSeries(UP_API, r, bruteForce(raw, r)));
        }
        // A range selects the buckets that start within it, each aggregated whole.
        long from = T0 + 3_600_000 + 25_000;
        long to = T0 + 2 * 3_600_000;
        List<Aggregate> minutes = store().rollup(Selection.of(from, to, Matcher.metric("up")), Resolution.MINUTE)
                .getFirst().aggregates();
        assertThat(minutes).isEqualTo(bruteForce(raw, Resolution.MINUTE).stream()
                .filter(a -> a.startMs() >= T0 + 3_600_000 && a.startMs() <= to).toList());
    }

    @Test
    void aSelectionOverTheSeriesLimitIsRefusedNamingTheLimit() {
        store().close();
        store = openStore(dir, new QueryLimits(2, 1_000));
        store.append(T0, List.of(reading(UP_API, 1), reading(UP_DB, 1), reading(Labels.metric("up", "job", "x"), 1)));

        assertThatThrownBy(() -> store.select(all(Matcher.metric("up"))))
                .isInstanceOf(QueryLimitException.class)
                .hasMessageContaining("3 series").hasMessageContaining("limit of 2 series");
        assertThat(store.select(all(Matcher.metric("up"), Matcher.neq("job", "x")))).hasSize(2);
    }

    @Test
    void aSelectionOverThePointLimitIsRefusedNamingTheLimit() {
        store().close();
        store = openStore(dir, new QueryLimits(10, 100));
        for (int i = 0; i < 101; i++) {
            store.append(T0 + i * 1_000L, List.of(reading(UP_API, i)));
        }

        assertThatThrownBy(() -> store.select(all(Matcher.metric("up"))))
                .isInstanceOf(QueryLimitException.class).hasMessageContaining("limit of 100 points");
        assertThat(store.select(Selection.of(T0, T0 + 99_000, Matcher.metric("up"))).getFirst().samples())
                .hasSize(100);
        assertThat(store.rollup(all(Matcher.metric("up")), Resolution.MINUTE).getFirst().aggregates()).hasSize(2);
    }

    @Test
    void statsCountSeriesAndSamples() {
        appendEvery15s(UP_API, 10, i -> i);
        store().append(T0, List.of(reading(UP_DB, 1)));

        MetricStoreStats stats = store().stats();

        assertThat(stats.series()).isEqualTo(2);
        assertThat(stats.appended()).isEqualTo(11);
    }

    @Test
    void samplesSurviveCloseAndOpenAndTheOrderRuleStillHolds() {
        if (!persistent()) {
            // A store that keeps nothing across close says so by starting empty, not by keeping half.
            appendEvery15s(UP_API, 10, i -> i);
            reopen();
            assertThat(store().select(all(Matcher.metric("up")))).isEmpty();
            assertThat(store().stats().series()).isZero();
            return;
        }
        appendEvery15s(UP_API, 300, i -> i % 11);
        store().append(T0, List.of(reading(UP_DB, -0.0)));
        List<Series> before = store().select(all(Matcher.metric("up")));

        reopen();

        assertThat(store().select(all(Matcher.metric("up")))).isEqualTo(before);
        assertThat(store().append(T0 + 299 * 15_000L, List.of(reading(UP_API, 299 % 11))))
                .isEqualTo(new AppendResult(0, 0, 1, 0));
        assertThat(store().append(T0, List.of(reading(UP_DB, 0.0)))) // not -0.0: another value
                .isEqualTo(new AppendResult(0, 0, 0, 1));
        assertThat(store().append(T0 + 15_000L, List.of(reading(UP_API, 0)))).isEqualTo(new AppendResult(0, 1, 0, 0));
        assertThat(store().append(T0 + 300 * 15_000L, List.of(reading(UP_API, 5))).appended()).isEqualTo(1);
        assertThat(store().labelValues("job")).containsExactly("api", "db");
    }

    protected final List<Sample> samplesOf(Labels labels) {
        List<Series> found = store().select(all(Matcher.metric(labels.metricName()),
                Matcher.eq("job", labels.value("job"))));
        return found.isEmpty() ? List.of() : found.getFirst().samples();
    }

    private List<Labels> labelsOf(Selection selection) {
        return store().select(selection).stream().map(Series::labels).toList();
    }

    /** Aggregates as the contract defines them, computed the slow, obvious way. */
    protected static List<Aggregate> bruteForce(List<Sample> raw, Resolution resolution) {
        if (resolution == Resolution.RAW) {
            return raw.stream().map(s -> new Aggregate(s.timestampMs(), s.value(), s.value(), s.value(), 1,
                    s.value())).toList();
        }
        long step = resolution.stepMillis();
        Map<Long, List<Double>> buckets = new TreeMap<>();
        for (Sample s : raw) {
            if (!Sample.isStaleMarker(s.value())) {
                buckets.computeIfAbsent(Math.floorDiv(s.timestampMs(), step) * step, b -> new ArrayList<>())
                        .add(s.value());
            }
        }
        List<Aggregate> out = new ArrayList<>();
        buckets.forEach((start, values) -> {
            List<Double> numbers = values.stream().filter(v -> !Double.isNaN(v)).toList();
            double min = numbers.stream().mapToDouble(Double::doubleValue).min().orElse(values.getFirst());
            double max = numbers.stream().mapToDouble(Double::doubleValue).max().orElse(values.getFirst());
            double sum = 0;
            for (double v : values) {
                sum += v;
            }
            out.add(new Aggregate(start, min, max, sum, values.size(), values.getLast()));
        });
        return out;
    }
}
