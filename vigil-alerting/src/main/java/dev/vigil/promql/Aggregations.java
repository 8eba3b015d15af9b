package dev.vigil.promql;

import dev.vigil.metrics.Labels;
import dev.vigil.promql.Expr.Aggregate;
import dev.vigil.promql.Value.Element;
import dev.vigil.promql.Value.Scalar;
import dev.vigil.promql.Value.Str;
import dev.vigil.promql.Value.Vector;
import java.util.ArrayList;
import java.util.Comparator;
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

    /** The k largest (or smallest), NaN counted as the worst; among equals, the earlier element is kept. */
    private static List<Element> top(List<Element> group, long k, boolean largest) {
        Comparator<Element> order = (x, y) -> {
            boolean xn = Double.isNaN(x.value());
            boolean yn = Double.isNaN(y.value());
            if (xn || yn) {
                return Boolean.compare(xn, yn);
            }
            return largest ? Double.compare(y.value(), x.value()) : Double.compare(x.value(), y.value());
        };
        List<Element> sorted = new ArrayList<>(group);
        sorted.sort(order);
        return sorted.subList(0, (int) Math.min(k, sorted.size()));
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
