package dev.vigil.promql;

import dev.vigil.metrics.Labels;
import dev.vigil.promql.Expr.Aggregate;
import dev.vigil.promql.Value.Element;
import dev.vigil.promql.Value.Scalar;
import dev.vigil.promql.Value.Str;
import dev.vigil.promql.Value.Vector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Aggregation operators over groups of an instant vector's elements. */
final class Aggregations {

    private Aggregations() {
    }

    static Vector aggregate(Aggregate a, Vector in, Optional<Value> param) {
        if (a.op() == AggregateOp.COUNT_VALUES) {
            return countValues(a, in, ((Str) param.orElseThrow()).value());
        }
        Map<Labels, List<Element>> groups = new LinkedHashMap<>();
        for (Element el : in.elements()) {
            groups.computeIfAbsent(groupKey(a, el.labels()), k -> new ArrayList<>()).add(el);
        }
        List<Element> out = new ArrayList<>();
        switch (a.op()) {
            case TOPK, BOTTOMK -> {
                long k = k(((Scalar) param.orElseThrow()).value(), a.op());
                groups.values().forEach(g -> out.addAll(top(g, k, a.op() == AggregateOp.TOPK)));
            }
            default -> groups.forEach((key, g) -> out.add(new Element(key, reduce(a, g, param))));
        }
        return new Vector(out);
    }

    private static Labels groupKey(Aggregate a, Labels labels) {
        if (a.without()) {
            List<String> drop = new ArrayList<>(a.grouping());
            drop.add(Labels.METRIC_NAME);
            return LabelSets.without(labels, drop);
        }
        return LabelSets.keep(labels, a.grouping());
    }

    private static double reduce(Aggregate a, List<Element> group, Optional<Value> param) {
        double[] values = new double[group.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = group.get(i).value();
        }
        return switch (a.op()) {
            case SUM -> Stats.sum(values);
            case AVG -> Stats.mean(values);
            case COUNT -> values.length;
            case MIN -> extreme(values, false);
            case MAX -> extreme(values, true);
            case STDDEV -> {
                double count = 0;
                double mean = 0;
                double m2 = 0;
                for (double v : values) {
                    count++;
                    double delta = v - mean;
                    mean += delta / count;
                    m2 += delta * (v - mean);
                }
                yield Math.sqrt(m2 / count);
            }
            case QUANTILE -> Stats.quantile(((Scalar) param.orElseThrow()).value(), values);
            case TOPK, BOTTOMK, COUNT_VALUES -> throw new IllegalStateException(a.op() + " is not a reduction");
        };
    }

    /** min and max ignore NaN unless every value is NaN. */
    private static double extreme(double[] values, boolean max) {
        double result = values[0];
        for (double v : values) {
            if ((max ? v > result : v < result) || Double.isNaN(result)) {
                result = v;
            }
        }
        return result;
    }

    private static long k(double param, AggregateOp op) {
        if (Double.isNaN(param)) {
            throw new EvaluationException("Parameter value is NaN");
        }
        if (param >= 9.223372036854775807E18) {
            throw new EvaluationException("Scalar value " + param + " overflows int64");
        }
        return param < 1 ? 0 : (long) param;
    }

    /**
     * The k largest (or smallest) as Prometheus picks them: a heap of k elements whose top (the smallest for topk)
     * is replaced by anything strictly better, NaN counting as the worst. Which of equal values survive follows
     * from that, so it is done the same way here, down to the final sort.
     */
    private static List<Element> top(List<Element> group, long k, boolean largest) {
        List<Element> heap = new ArrayList<>();
        if (k <= 0) {
            return heap;
        }
        for (Element el : group) {
            if (heap.size() < k) {
                heap.add(el);
                up(heap, heap.size() - 1, largest);
            } else {
                double top = heap.getFirst().value();
                boolean better = largest ? top < el.value() : top > el.value();
                if (better || Double.isNaN(top) && !Double.isNaN(el.value())) {
                    heap.set(0, el);
                    if (k > 1 && !down(heap, 0, largest)) {
                        up(heap, 0, largest);
                    }
                }
            }
        }
        // Go's sort of the reversed heap order; for the sizes rule files use, an insertion sort.
        for (int i = 1; i < heap.size(); i++) {
            for (int j = i; j > 0 && less(heap, j - 1, j, largest); j--) {
                swap(heap, j, j - 1);
            }
        }
        return heap;
    }

    /** The heap order: smaller first for topk, larger first for bottomk, NaN first in both. */
    private static boolean less(List<Element> heap, int i, int j, boolean largest) {
        double vi = heap.get(i).value();
        double vj = heap.get(j).value();
        if (Double.isNaN(vi)) {
            return true;
        }
        return largest ? vi < vj : vi > vj;
    }

    private static void swap(List<Element> heap, int i, int j) {
        Element t = heap.get(i);
        heap.set(i, heap.get(j));
        heap.set(j, t);
    }

    private static void up(List<Element> heap, int j, boolean largest) {
        while (j > 0) {
            int parent = (j - 1) / 2;
            if (!less(heap, j, parent, largest)) {
                break;
            }
            swap(heap, parent, j);
            j = parent;
        }
    }

    private static boolean down(List<Element> heap, int i0, boolean largest) {
        int i = i0;
        int n = heap.size();
        while (true) {
            int j1 = 2 * i + 1;
            if (j1 >= n) {
                break;
            }
            int j = j1;
            if (j1 + 1 < n && less(heap, j1 + 1, j1, largest)) {
                j = j1 + 1;
            }
            if (!less(heap, j, i, largest)) {
                break;
            }
            swap(heap, i, j);
            i = j;
        }
        return i > i0;
    }

    private static Vector countValues(Aggregate a, Vector in, String label) {
        if (!label.matches("[a-zA-Z_][a-zA-Z0-9_]*")) {
            throw new EvaluationException("invalid label name \"" + label + "\"");
        }
        Map<Labels, Integer> counts = new LinkedHashMap<>();
        for (Element el : in.elements()) {
            Labels key = LabelSets.with(groupKey(a, el.labels()), label, Numbers.plain(el.value()));
            counts.merge(key, 1, Integer::sum);
        }
        List<Element> out = new ArrayList<>();
        counts.forEach((labels, n) -> out.add(new Element(labels, n)));
        return new Vector(out);
    }
}
