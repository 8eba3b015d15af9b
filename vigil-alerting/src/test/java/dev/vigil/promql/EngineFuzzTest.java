package dev.vigil.promql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.metrics.InMemoryMetricStore;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.MetricStore;
import dev.vigil.metrics.Reading;
import dev.vigil.metrics.Sample;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.lifecycle.BeforeContainer;

/** Whatever parses evaluates to a value or fails with an EvaluationException, at an instant and over a range. */
class EngineFuzzTest {

    private static final MetricStore STORE = new InMemoryMetricStore();

    private static final List<String> LEAVES = List.of("a", "b", "a{l=\"x\"}", "b{l=~\"x|y\"}", "{__name__=~\"a|b\"}",
            "c_bucket", "1", "-2.5", "NaN", "Inf", "0", "time()", "vector(3)", "scalar(a)");
    private static final List<String> UNARY = List.of("abs(%s)", "ceil(%s)", "floor(%s)", "round(%s, 0.5)",
            "clamp(%s, -1, 1)", "clamp_min(%s, 0)", "clamp_max(%s, 0)", "sort(%s)", "sort_desc(%s)", "-(%s)",
            "timestamp(%s)", "absent(%s)", "sum(%s)", "avg by (l) (%s)", "max without (l) (%s)", "min(%s)",
            "count(%s)", "stddev(%s)", "topk(2, %s)", "bottomk(1, %s) by (l)", "quantile(0.3, %s)",
            "count_values(\"v\", %s)", "histogram_quantile(0.9, %s)",
            "label_replace(%s, \"l\", \"$1\", \"l\", \"(.)\")",
            "label_join(%s, \"j\", \"-\", \"l\", \"le\")", "(%s)", "rate(%s[5m:1m])", "max_over_time(%s[10m:2m])",
            "deriv(%s[3m:])", "changes(%s[5m:30s])", "absent_over_time(%s[1m:])", "predict_linear(%s[5m:1m], 60)");
    private static final List<String> BINARY = List.of("+", "-", "*", "/", "%", "^", "==", "!=", "> bool", "<",
            ">=", "<= bool", "and", "or", "unless", "+ on(l)", "* ignoring(le)", "/ on(l) group_left",
            "- ignoring(l) group_right", "and on()", "or ignoring(l)");
    private static final List<String> RANGE = List.of("rate(a[5m])", "increase(b[10m])", "irate(a[2m])",
            "idelta(b[3m])", "delta(a[5m] offset 1m)", "resets(a[10m])", "avg_over_time(b[5m])",
            "quantile_over_time(0.5, a[5m])", "stddev_over_time(b[5m])", "last_over_time(a[5m])",
            "present_over_time(c_bucket[2m])", "sum_over_time(a[1m])", "count_over_time(b[7m])");

    @BeforeContainer
    static void load() {
        for (int i = 0; i <= 40; i++) {
            double v = i % 7 == 0 ? Sample.STALE_NAN : i * (i % 5 == 0 ? -1.5 : 2.0);
            STORE.append(i * 30_000L, List.of(
                    new Reading(Labels.metric("a", "l", "x"), v),
                    new Reading(Labels.metric("a", "l", "y"), i % 3),
                    new Reading(Labels.metric("b", "l", "x"), i % 11 == 0 ? Double.NaN : 100 - i),
                    new Reading(Labels.metric("c_bucket", "le", "1"), i),
                    new Reading(Labels.metric("c_bucket", "le", "+Inf"), 2 * i)));
        }
    }

    @Property(tries = 1500)
    void evaluatesOrFailsCleanly(@ForAll("queries") String query) {
        Expr expr;
        try {
            expr = Promql.parse(query);
        } catch (ParseException e) {
            Statistics.collect("refused by the parser");
            return;
        }
        Statistics.collect("evaluated");
        Engine engine = new Engine(STORE);
        try {
            assertThat(engine.instant(expr, 600_000)).isNotNull();
        } catch (EvaluationException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
        if (expr.type() == ValueType.SCALAR || expr.type() == ValueType.VECTOR) {
            try {
                assertThat(engine.range(expr, 0, 1_200_000, 90_000)).isNotNull();
            } catch (EvaluationException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        }
    }

    @Provide
    Arbitrary<String> queries() {
        return expression(3);
    }

    private Arbitrary<String> expression(int depth) {
        Arbitrary<String> leaf = Arbitraries.oneOf(Arbitraries.of(LEAVES), Arbitraries.of(RANGE));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<String> inner = Arbitraries.lazy(() -> expression(depth - 1));
        Arbitrary<String> unary = Combinators.combine(Arbitraries.of(UNARY), inner).as(String::formatted);
        Arbitrary<String> binary = Combinators.combine(inner, Arbitraries.of(BINARY), inner)
                .as((l, op, r) -> l + " " + op + " " + r);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, leaf), net.jqwik.api.Tuple.of(3, unary), net.jqwik.api.Tuple.of(3, binary));
    }
}
