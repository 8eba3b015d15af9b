package dev.vigil.promql;

import dev.vigil.metrics.Labels;
import dev.vigil.metrics.MetricStore;
import dev.vigil.metrics.QueryLimitException;
import dev.vigil.metrics.Sample;
import dev.vigil.metrics.Selection;
import dev.vigil.metrics.Series;
import dev.vigil.promql.Expr.Aggregate;
import dev.vigil.promql.Expr.Binary;
import dev.vigil.promql.Expr.Call;
import dev.vigil.promql.Expr.MatrixSelector;
import dev.vigil.promql.Expr.NumberLiteral;
import dev.vigil.promql.Expr.Paren;
import dev.vigil.promql.Expr.StringLiteral;
import dev.vigil.promql.Expr.Subquery;
import dev.vigil.promql.Expr.Unary;
import dev.vigil.promql.Expr.VectorSelector;
import dev.vigil.promql.Value.Element;
import dev.vigil.promql.Value.Matrix;
import dev.vigil.promql.Value.RangeSeries;
import dev.vigil.promql.Value.Scalar;
import dev.vigil.promql.Value.Str;
import dev.vigil.promql.Value.Vector;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One query's evaluation. Each selector's samples are read from the store once, over the whole window the query
 * needs, and then cut per evaluation time. Ranges are left-open, as in Prometheus 3: {@code (t - range, t]}.
 */
final class Evaluation {

    private record Window(long fromExclusive, long toInclusive) {
    }

    private final MetricStore store;
    private final EngineOptions options;
    private final Map<VectorSelector, Window> windows = new IdentityHashMap<>();
    private final Map<VectorSelector, List<Series>> loaded = new IdentityHashMap<>();

    Evaluation(MetricStore store, EngineOptions options, Expr root, long startMs, long endMs) {
        this.store = store;
        this.options = options;
        plan(root, startMs, endMs);
    }

    private void plan(Expr e, long from, long to) {
        switch (e) {
            case VectorSelector vs -> widen(vs, from - vs.offsetMs() - options.lookbackMs(), to - vs.offsetMs());
            case MatrixSelector ms -> widen(ms.selector(), from - ms.selector().offsetMs() - ms.rangeMs(),
                    to - ms.selector().offsetMs());
            case Subquery sq -> plan(sq.expr(), from - sq.offsetMs() - sq.rangeMs(), to - sq.offsetMs());
            case Paren p -> plan(p.expr(), from, to);
            case Unary u -> plan(u.expr(), from, to);
            case Binary b -> {
                plan(b.lhs(), from, to);
                plan(b.rhs(), from, to);
            }
            case Call c -> c.args().forEach(a -> plan(a, from, to));
            case Aggregate a -> {
                plan(a.expr(), from, to);
                a.param().ifPresent(p -> plan(p, from, to));
            }
            case NumberLiteral n -> { }
            case StringLiteral s -> { }
        }
    }

    private void widen(VectorSelector vs, long fromExclusive, long toInclusive) {
        windows.merge(vs, new Window(fromExclusive, toInclusive), (a, b) -> new Window(
                Math.min(a.fromExclusive(), b.fromExclusive()), Math.max(a.toInclusive(), b.toInclusive())));
    }

    Value eval(Expr e, long t) {
        return switch (e) {
            case NumberLiteral n -> new Scalar(n.value());
            case StringLiteral s -> new Str(s.value());
            case Paren p -> eval(p.expr(), t);
            case VectorSelector vs -> new Vector(selectVector(vs, t, false));
            case MatrixSelector ms -> selectMatrix(ms, t);
            case Subquery sq -> subquery(sq, t);
            case Unary u -> negate(eval(u.expr(), t));
            case Binary b -> Binaries.evaluate(b, eval(b.lhs(), t), eval(b.rhs(), t));
            case Call c -> Functions.call(this, c, t);
            case Aggregate a -> Aggregations.aggregate(a, (Vector) eval(a.expr(), t),
                    a.param().map(p -> eval(p, t)));
        };
    }

    private static Value negate(Value v) {
        if (v instanceof Scalar s) {
            return new Scalar(-s.value());
        }
        List<Element> out = new ArrayList<>();
        for (Element el : ((Vector) v).elements()) {
            out.add(new Element(LabelSets.dropName(el.labels()), -el.value()));
        }
        LabelSets.requireUnique(out);
        return new Vector(out);
    }

    /**
     * The newest sample of each series in the lookback window, unless that sample is a staleness marker. With
     * {@code sampleTimes}, the value is the sample's time in seconds instead (for timestamp()).
     */
    List<Element> selectVector(VectorSelector vs, long t, boolean sampleTimes) {
        long ref = t - vs.offsetMs();
        List<Element> out = new ArrayList<>();
        for (Series s : series(vs, ref - options.lookbackMs(), ref)) {
            List<Sample> samples = s.samples();
            int i = upperIndex(samples, ref);
            if (i < 0) {
                continue;
            }
            Sample last = samples.get(i);
            if (last.timestampMs() <= ref - options.lookbackMs() || Sample.isStaleMarker(last.value())) {
                continue;
            }
            out.add(new Element(s.labels(), sampleTimes ? last.timestampMs() / 1000.0 : last.value()));
        }
        return out;
    }

    private Matrix selectMatrix(MatrixSelector ms, long t) {
        long ref = t - ms.selector().offsetMs();
        long from = ref - ms.rangeMs();
        List<RangeSeries> out = new ArrayList<>();
        for (Series s : series(ms.selector(), from, ref)) {
            List<Sample> points = new ArrayList<>();
            for (int i = lowerIndex(s.samples(), from); i < s.samples().size(); i++) {
                Sample p = s.samples().get(i);
                if (p.timestampMs() > ref) {
                    break;
                }
                if (!Sample.isStaleMarker(p.value())) {
                    points.add(p);
                }
            }
            if (!points.isEmpty()) {
                out.add(new RangeSeries(s.labels(), points));
            }
        }
        return new Matrix(out);
    }

    private Matrix subquery(Subquery sq, long t) {
        long step = sq.stepMs() > 0 ? sq.stepMs() : options.defaultSubqueryStepMs();
        long ref = t - sq.offsetMs();
        long from = ref - sq.rangeMs();
        long start = step * (from / step);
        if (start <= from) {
            start += step;
        }
        Map<Labels, List<Sample>> points = new LinkedHashMap<>();
        for (long ts = start; ts <= ref; ts += step) {
            Value v = eval(sq.expr(), ts);
            if (v instanceof Vector vec) {
                for (Element el : vec.elements()) {
                    points.computeIfAbsent(el.labels(), k -> new ArrayList<>()).add(new Sample(ts, el.value()));
                }
            }
        }
        List<RangeSeries> out = new ArrayList<>();
        points.forEach((labels, ps) -> out.add(new RangeSeries(labels, ps)));
        return new Matrix(out);
    }

    /** The selector's series, with samples in (fromExclusive, toInclusive] among others. */
    private List<Series> series(VectorSelector vs, long fromExclusive, long toInclusive) {
        Window w = windows.get(vs);
        if (w == null || fromExclusive < w.fromExclusive() || toInclusive > w.toInclusive()) {
            return select(new Selection(vs.matchers(), fromExclusive + 1, toInclusive));
        }
        return loaded.computeIfAbsent(vs, k -> select(new Selection(vs.matchers(), w.fromExclusive() + 1,
                Math.max(w.fromExclusive() + 1, w.toInclusive()))));
    }

    private List<Series> select(Selection selection) {
        try {
            return store.select(selection);
        } catch (QueryLimitException e) {
            throw new EvaluationException("query processing would load too many samples into memory: "
                    + e.getMessage());
        }
    }

    /** Index of the last sample at or before {@code t}, or -1. */
    private static int upperIndex(List<Sample> samples, long t) {
        int lo = 0;
        int hi = samples.size() - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (samples.get(mid).timestampMs() <= t) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    /** Index of the first sample after {@code fromExclusive}. */
    private static int lowerIndex(List<Sample> samples, long fromExclusive) {
        return upperIndex(samples, fromExclusive) + 1;
    }
}
