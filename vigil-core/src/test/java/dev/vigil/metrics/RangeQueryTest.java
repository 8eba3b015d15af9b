package dev.vigil.metrics;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Points at a fixed step: which resolution they come from, where they fall, what they hold, and the limits. */
class RangeQueryTest {

    private static final long T0 = 1_767_225_600_000L; // 2026-01-01T00:00:00Z, a whole hour
    private static final long MIN = 60_000;
    private static final long HOUR = 3_600_000;
    private static final long DAY = 24 * HOUR;
    private static final Labels API = Labels.metric("service_memory_rss_bytes", "service", "api");
    private static final Labels WEB = Labels.metric("service_memory_rss_bytes", "service", "web");

    private final InMemoryMetricStore memory = new InMemoryMetricStore();

    private static RangeQuery query(long start, long end, long step, List<Matcher> selector) {
        return new RangeQuery(List.of(selector), start, end, step);
    }

    private static RangeQuery rss(long start, long end, long step) {
        return query(start, end, step, List.of(Matcher.metric(API.metricName())));
    }

    @Test
    void theResolutionIsTheCoarsestWhoseWidthDividesTheStep() {
        assertThat(rss(T0, T0 + DAY, HOUR).resolution(memory, T0)).isEqualTo(Resolution.HOUR);
        assertThat(rss(T0, T0 + DAY, 6 * HOUR).resolution(memory, T0)).isEqualTo(Resolution.HOUR);
        assertThat(rss(T0, T0 + DAY, 90 * MIN).resolution(memory, T0)).isEqualTo(Resolution.MINUTE);
        assertThat(rss(T0, T0 + DAY, MIN).resolution(memory, T0)).isEqualTo(Resolution.MINUTE);
        assertThat(rss(T0, T0 + DAY, 90_000).resolution(memory, T0)).isEqualTo(Resolution.RAW);
        assertThat(rss(T0, T0 + DAY, 15_000).resolution(memory, T0)).isEqualTo(Resolution.RAW);
        assertThat(rss(T0, T0 + DAY, 1).resolution(memory, T0)).isEqualTo(Resolution.RAW);
    }

    @Test
    void aResolutionTheStoreNoLongerKeepsForTheFirstStepGivesWayToACoarserOne() {
        MetricStore store = new RetainingMetricStore(memory, Map.of(Resolution.RAW, Duration.ofDays(2),
                Resolution.MINUTE, Duration.ofDays(30), Resolution.HOUR, Duration.ofDays(365)));
        long now = T0 + 500 * DAY;

        assertThat(rss(now - DAY, now, 30_000).resolution(store, now)).isEqualTo(Resolution.RAW);
        assertThat(rss(now - 3 * DAY, now, 30_000).resolution(store, now)).isEqualTo(Resolution.MINUTE);
        assertThat(rss(now - 40 * DAY, now, MIN).resolution(store, now)).isEqualTo(Resolution.HOUR);
        assertThat(rss(now - 400 * DAY, now, HOUR).resolution(store, now)).isEqualTo(Resolution.HOUR);
        // What counts is the first step's start, which may lie before the range's.
        long late = now + 1000;
        assertThat(rss(late - 2 * DAY, late, 90_000).firstStepMs()).isLessThan(late - 2 * DAY);
        assertThat(rss(late - 2 * DAY, late, 90_000).resolution(store, late)).isEqualTo(Resolution.MINUTE);
        assertThat(rss(late - 2 * DAY + 89_000, late, 90_000).resolution(store, late)).isEqualTo(Resolution.RAW);
    }

    @Test
    void pointsSitOnWholeStepsAndSumUpTheirStep() {
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < 120; i++) {
            long t = T0 + 5_000 + i * 10_000L;
            double v = 100 + (i % 7) * 3 - (i % 3);
            memory.append(t, List.of(new Reading(API, v)));
            samples.add(new Sample(t, v));
        }
        for (long step : List.of(MIN, 2 * MIN, 30_000L, 45_000L)) {
            RangeQuery q = rss(T0 + 65_000, T0 + 400_000, step);
            RangeQuery.Result result = q.run(memory, T0 + HOUR, 1_000_000);

            assertThat(result.resolution()).isEqualTo(step % MIN == 0 ? Resolution.MINUTE : Resolution.RAW);
            assertThat(result.firstStepMs()).isEqualTo(Math.floorDiv(T0 + 65_000, step) * step);
            assertThat(result.series()).singleElement().satisfies(s -> {
                assertThat(s.labels()).isEqualTo(API);
                assertThat(s.points()).as("step %d", step).isEqualTo(bruteForce(samples, q));
                assertThat(s.points()).allSatisfy(p -> assertThat(p.startMs() % step).isZero());
            });
        }
    }

    @Test
    void aStepWithoutDataHasNoPointAndStaleMarkersAreNotData() {
        memory.append(T0 + 1_000, List.of(new Reading(API, 5)));
        memory.append(T0 + 2_000, List.of(new Reading(API, Sample.STALE_NAN)));
        memory.append(T0 + 3 * MIN, List.of(new Reading(API, Double.NaN)));
        memory.append(T0 + 3 * MIN + 1, List.of(new Reading(API, 7)));

        List<Aggregate> points = rss(T0, T0 + 4 * MIN, 30_000).run(memory, T0 + HOUR, 1000).series().getFirst().points();

        assertThat(points).hasSize(2);
        assertThat(points.get(0)).isEqualTo(new Aggregate(T0, 5, 5, 5, 1, 5));
        assertThat(points.get(1).startMs()).isEqualTo(T0 + 3 * MIN);
        assertThat(points.get(1).min()).isEqualTo(7);
        assertThat(points.get(1).max()).isEqualTo(7);
        assertThat(points.get(1).sum()).isNaN();
        assertThat(points.get(1).count()).isEqualTo(2);
        assertThat(points.get(1).last()).isEqualTo(7);
    }

    @Test
    void aSeriesMatchedByTwoSelectorsIsReadOnceAndTheSeriesAreSorted() {
        memory.append(T0, List.of(new Reading(WEB, 2), new Reading(API, 1)));
        RangeQuery q = new RangeQuery(List.of(List.of(Matcher.eq("service", "web")),
                List.of(Matcher.metric(API.metricName()))), T0, T0 + MIN, MIN);

        assertThat(q.run(memory, T0, 1000).series()).extracting(RangeQuery.Stepped::labels).containsExactly(API, WEB);
    }

    @Test
    void moreThan11000PointsPerSeriesIsRefusedNamingTheLeastStep() {
        assertThat(rss(T0, T0 + 10_999_000, 1000).steps()).isEqualTo(11_000);
        assertThat(rss(T0, T0 + 10_999_000, 1000).run(memory, T0, 1_000_000).series()).isEmpty();

        assertThatThrownBy(() -> rss(T0, T0 + 2 * DAY, 1000).run(memory, T0, 1_000_000))
                .isInstanceOf(QueryLimitException.class)
                .hasMessage("a step of 1s over this range gives 172801 points per series, more than the limit of "
                        + "11000 points per series; use a step of at least 16s");
        assertThatThrownBy(() -> rss(T0, T0 + 20_000, 1).run(memory, T0, 1_000_000))
                .hasMessageContaining("20001 points per series").hasMessageEndingWith("use a step of at least 2ms");
    }

    @Test
    void anAnswerOfMorePointsThanAllowedIsRefusedBeforeAnythingIsRead() {
        for (int i = 0; i < 30; i++) {
            memory.append(T0, List.of(new Reading(Labels.metric("up", "i", Integer.toString(i)), 1)));
        }
        RangeQuery q = query(T0, T0 + 99 * MIN, MIN, List.of(Matcher.metric("up")));

        assertThat(q.run(memory, T0, 3000).series()).hasSize(30);
        assertThatThrownBy(() -> q.run(memory, T0, 2999)).isInstanceOf(QueryLimitException.class)
                .hasMessage("30 series of 100 points each would be 3000 points, more than the limit of 2999 points per "
                        + "query; narrow the selectors or use a larger step");
    }

    @Test
    void theStoresOwnLimitsStillHold() {
        InMemoryMetricStore small = new InMemoryMetricStore(new QueryLimits(10, 5));
        for (int i = 0; i < 6; i++) {
            small.append(T0 + i * 1000, List.of(new Reading(API, i)));
        }

        assertThatThrownBy(() -> rss(T0, T0 + MIN, 1000).run(small, T0, 1_000_000))
                .isInstanceOf(QueryLimitException.class).hasMessageContaining("limit of 5 points per query");
    }

    @Test
    void malformedQueriesAreRefusedWhenBuilt() {
        assertThatThrownBy(() -> rss(T0, T0 - 1, MIN)).hasMessageContaining("ends");
        assertThatThrownBy(() -> rss(T0, T0, 0)).hasMessageContaining("at least 1ms");
        assertThatThrownBy(() -> query(T0, T0, MIN, List.of(Matcher.re("a", ".*")))).hasMessageContaining("\"\"");
        assertThatThrownBy(() -> rss(Long.MIN_VALUE, T0, MIN)).hasMessageContaining("years 0 to 9999");
    }

    private static List<Aggregate> bruteForce(List<Sample> samples, RangeQuery q) {
        List<Aggregate> out = new ArrayList<>();
        for (long t = q.firstStepMs(); t <= q.lastStepMs(); t += q.stepMs()) {
            long from = t;
            List<Sample> in = samples.stream().filter(s -> s.timestampMs() >= from
                    && s.timestampMs() < from + q.stepMs()).toList();
            if (in.isEmpty()) {
                continue;
            }
            double min = in.stream().mapToDouble(Sample::value).min().orElseThrow();
            double max = in.stream().mapToDouble(Sample::value).max().orElseThrow();
            double sum = in.stream().mapToDouble(Sample::value).sum();
            out.add(new Aggregate(t, min, max, sum, in.size(), in.getLast().value()));
        }
        return out;
    }
}
