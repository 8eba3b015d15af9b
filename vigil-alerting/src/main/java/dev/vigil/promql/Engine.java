package dev.vigil.promql;

import dev.vigil.metrics.Labels;
import dev.vigil.metrics.MetricStore;
import dev.vigil.metrics.Sample;
import dev.vigil.promql.Value.Element;
import dev.vigil.promql.Value.Matrix;
import dev.vigil.promql.Value.RangeSeries;
import dev.vigil.promql.Value.Scalar;
import dev.vigil.promql.Value.Vector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Evaluates parsed PromQL over a metric store, at one time (instant) or at every step of a range. */
public final class Engine {

    /** Prometheus's limit on the points of one series in a range query. */
    public static final long MAX_POINTS = 11_000;
    /** Prometheus's words when a range query asks for more. */
    public static final String TOO_MANY_POINTS = "exceeded maximum resolution of 11,000 points per timeseries. Try "
            + "decreasing the query resolution (?step=XX)";

    private final MetricStore store;
    private final EngineOptions options;

    public Engine(MetricStore store, EngineOptions options) {
        this.store = store;
        this.options = options;
    }

    public Engine(MetricStore store) {
        this(store, EngineOptions.DEFAULTS);
    }

    /** The expression's value at {@code timeMs}. */
    public Value instant(Expr expr, long timeMs) {
        return new Evaluation(store, options, expr, timeMs, timeMs).eval(expr, timeMs);
    }

    /**
     * The expression evaluated at start, start + step, ... up to end: one series per label set, a scalar as the
     * series without labels.
     */
    public Matrix range(Expr expr, long startMs, long endMs, long stepMs) {
        if (expr.type() != ValueType.SCALAR && expr.type() != ValueType.VECTOR) {
            throw new EvaluationException("invalid expression type \"" + expr.type()
                    + "\" for range query, must be Scalar or instant Vector");
        }
        if (stepMs <= 0 || endMs < startMs) {
            throw new IllegalArgumentException("a range query needs start <= end and a positive step");
        }
        if ((endMs - startMs) / stepMs > MAX_POINTS) {
            throw new EvaluationException(TOO_MANY_POINTS);
        }
        Evaluation evaluation = new Evaluation(store, options, expr, startMs, endMs);
        Map<Labels, List<Sample>> series = new TreeMap<>();
        for (long t = startMs; t <= endMs; t += stepMs) {
            switch (evaluation.eval(expr, t)) {
                case Scalar s -> series.computeIfAbsent(Labels.of(), k -> new ArrayList<>()).add(new Sample(t,
                        s.value()));
                case Vector v -> {
                    for (Element el : v.elements()) {
                        series.computeIfAbsent(el.labels(), k -> new ArrayList<>()).add(new Sample(t, el.value()));
                    }
                }
                default -> throw new IllegalStateException("a range query step gave " + expr.type());
            }
        }
        List<RangeSeries> out = new ArrayList<>();
        series.forEach((labels, points) -> out.add(new RangeSeries(labels, points)));
        return new Matrix(out);
    }
}
