package dev.vigil.promql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.metrics.InMemoryMetricStore;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.QueryLimits;
import dev.vigil.metrics.Reading;
import dev.vigil.metrics.Sample;
import dev.vigil.promql.Value.Element;
import dev.vigil.promql.Value.Matrix;
import dev.vigil.promql.Value.Scalar;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class EngineTest {

    private final InMemoryMetricStore store = new InMemoryMetricStore();

    private void load(String metric, String instance, double... values) {
        for (int i = 0; i < values.length; i++) {
            store.append(i * 60_000L, List.of(new Reading(Labels.metric(metric, "instance", instance), values[i])));
        }
    }

    @Test
    void instantQueryGivesOneElementPerSeries() {
        load("up", "a", 1, 1, 0);
        load("up", "b", 1, 1, 1);
        Value v = new Engine(store).instant(Promql.parse("sum(up)"), 120_000);
        assertThat(((Value.Vector) v).elements()).containsExactly(new Element(Labels.of(), 1));
        assertThat(new Engine(store).instant(Promql.parse("scalar(up{instance=\"b\"}) * 2"), 120_000))
                .isEqualTo(new Scalar(2));
    }

    @Test
    void rangeQueryGivesSeriesSortedByLabelsWithAPointPerStepWhereThereIsAValue() {
        load("up", "b", 1, 1, 1);
        load("up", "a", 0, 1);
        store.append(180_000, List.of(new Reading(Labels.metric("up", "instance", "a"), Sample.STALE_NAN)));
        Matrix m = new Engine(store).range(Promql.parse("up == 1"), 0, 180_000, 60_000);
        assertThat(m.series()).extracting(s -> s.labels().value("instance")).containsExactly("a", "b");
        assertThat(m.series().get(0).points()).containsExactly(new Sample(60_000, 1), new Sample(120_000, 1));
        assertThat(m.series().get(1).points()).extracting(Sample::timestampMs)
                .containsExactly(0L, 60_000L, 120_000L, 180_000L);
    }

    @Test
    void lookbackAndDefaultSubqueryStepAreOptions() {
        load("up", "a", 1);
        EngineOptions shortLookback = new EngineOptions(Duration.ofSeconds(90), Duration.ofSeconds(30));
        assertThat(((Value.Vector) new Engine(store).instant(Promql.parse("up"), 120_000)).elements()).hasSize(1);
        assertThat(((Value.Vector) new Engine(store, shortLookback).instant(Promql.parse("up"), 120_000))
                .elements()).isEmpty();
        Value counted = new Engine(store, shortLookback).instant(Promql.parse("count_over_time(up[60s:])"), 60_000);
        assertThat(((Value.Vector) counted).elements()).containsExactly(new Element(Labels.of("instance", "a"), 2));
    }

    @Test
    void rangeQueriesTakeOnlyScalarsAndInstantVectorsAndAtMost11000Steps() {
        assertThatThrownBy(() -> new Engine(store).range(Promql.parse("up[5m]"), 0, 60_000, 1000))
                .isInstanceOf(EvaluationException.class).hasMessageContaining("range vector");
        assertThatThrownBy(() -> new Engine(store).range(Promql.parse("up"), 0, 11_001_000, 1000))
                .isInstanceOf(EvaluationException.class).hasMessageContaining("11,000 points");
    }

    @Test
    void theStoresLimitsBecomeEvaluationErrors() {
        InMemoryMetricStore small = new InMemoryMetricStore(new QueryLimits(1, 100));
        small.append(0, List.of(new Reading(Labels.metric("up", "instance", "a"), 1),
                new Reading(Labels.metric("up", "instance", "b"), 1)));
        assertThatThrownBy(() -> new Engine(small).instant(Promql.parse("up"), 0))
                .isInstanceOf(EvaluationException.class).hasMessageContaining("too many samples");
    }
}
