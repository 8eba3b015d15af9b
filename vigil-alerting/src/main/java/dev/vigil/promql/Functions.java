package dev.vigil.promql;

import static dev.vigil.promql.RangeFunctions.count;
import static dev.vigil.promql.RangeFunctions.deriv;
import static dev.vigil.promql.RangeFunctions.extrapolatedRate;
import static dev.vigil.promql.RangeFunctions.instant;
import static dev.vigil.promql.RangeFunctions.overRange;
import static dev.vigil.promql.RangeFunctions.overValues;
import static dev.vigil.promql.RangeFunctions.predictLinear;
import static dev.vigil.promql.RangeFunctions.values;

import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Matcher;
import dev.vigil.promql.Expr.Call;
import dev.vigil.promql.Expr.MatrixSelector;
import dev.vigil.promql.Expr.VectorSelector;
import dev.vigil.promql.Value.Element;
import dev.vigil.promql.Value.Matrix;
import dev.vigil.promql.Value.Scalar;
import dev.vigil.promql.Value.Str;
import dev.vigil.promql.Value.Vector;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.DoubleUnaryOperator;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** The supported functions, each as Prometheus computes it. */
final class Functions {

    private Functions() {
    }

    static Value call(Evaluation ev, Call c, long t) {
        List<Expr> args = c.args();
        return switch (c.function()) {
            case TIME -> new Scalar(t / 1000.0);
            case VECTOR_ -> new Vector(List.of(new Element(Labels.of(), scalar(ev, args.get(0), t))));
            case SCALAR_ -> {
                List<Element> v = vector(ev, args.get(0), t);
                yield new Scalar(v.size() == 1 ? v.getFirst().value() : Double.NaN);
            }
            case ABS -> map(ev, args.get(0), t, Math::abs);
            case CEIL -> map(ev, args.get(0), t, Math::ceil);
            case FLOOR -> map(ev, args.get(0), t, Math::floor);
            case ROUND -> {
                double toNearest = args.size() > 1 ? scalar(ev, args.get(1), t) : 1;
                double inverse = 1 / toNearest;
                yield map(ev, args.get(0), t, v -> Math.floor(v * inverse + 0.5) / inverse);
            }
            case CLAMP -> {
                double min = scalar(ev, args.get(1), t);
                double max = scalar(ev, args.get(2), t);
                if (max < min) {
                    yield new Vector(List.of());
                }
                yield map(ev, args.get(0), t, v -> Math.max(min, Math.min(max, v)));
            }
            case CLAMP_MIN -> {
                double min = scalar(ev, args.get(1), t);
                yield map(ev, args.get(0), t, v -> Math.max(min, v));
            }
            case CLAMP_MAX -> {
                double max = scalar(ev, args.get(1), t);
                yield map(ev, args.get(0), t, v -> Math.min(max, v));
            }
            case TIMESTAMP -> timestamp(ev, args.get(0), t);
            case ABSENT -> vector(ev, args.get(0), t).isEmpty()
                    ? new Vector(List.of(new Element(absentLabels(args.get(0)), 1))) : new Vector(List.of());
            case ABSENT_OVER_TIME -> matrix(ev, args.get(0), t).series().isEmpty()
                    ? new Vector(List.of(new Element(absentLabels(args.get(0)), 1))) : new Vector(List.of());
            case SORT -> sort(vector(ev, args.get(0), t), false);
            case SORT_DESC -> sort(vector(ev, args.get(0), t), true);
            case LABEL_REPLACE -> labelReplace(ev, args, t);
            case LABEL_JOIN -> labelJoin(ev, args, t);
            case HISTOGRAM_QUANTILE -> Histograms.quantile(scalar(ev, args.get(0), t), vector(ev, args.get(1), t));
            case RATE -> overRange(ev, c, t, 0, (s, r) -> extrapolatedRate(s, r, true, true));
            case INCREASE -> overRange(ev, c, t, 0, (s, r) -> extrapolatedRate(s, r, true, false));
            case DELTA -> overRange(ev, c, t, 0, (s, r) -> extrapolatedRate(s, r, false, false));
            case IRATE -> overRange(ev, c, t, 0, (s, r) -> instant(s, true));
            case IDELTA -> overRange(ev, c, t, 0, (s, r) -> instant(s, false));
            case DERIV -> overRange(ev, c, t, 0, (s, r) -> deriv(s));
            case PREDICT_LINEAR -> {
                double seconds = scalar(ev, args.get(1), t);
                yield overRange(ev, c, t, 0, (s, r) -> predictLinear(s, t, seconds));
            }
            case CHANGES -> overRange(ev, c, t, 0, (s, r) -> OptionalDouble.of(count(s, (a, b) -> a != b
                    && !(Double.isNaN(a) && Double.isNaN(b)))));
            case RESETS -> overRange(ev, c, t, 0, (s, r) -> OptionalDouble.of(count(s, (a, b) -> b < a)));
            case AVG_OVER_TIME -> overValues(ev, c, t, Stats::mean);
            case SUM_OVER_TIME -> overValues(ev, c, t, Stats::sum);
            case COUNT_OVER_TIME -> overValues(ev, c, t, v -> v.length);
            case MIN_OVER_TIME -> overValues(ev, c, t, RangeFunctions::min);
            case MAX_OVER_TIME -> overValues(ev, c, t, RangeFunctions::max);
            case STDDEV_OVER_TIME -> overValues(ev, c, t, v -> Math.sqrt(Stats.variance(v)));
            case STDVAR_OVER_TIME -> overValues(ev, c, t, Stats::variance);
            case LAST_OVER_TIME -> overValues(ev, c, t, v -> v[v.length - 1]);
            case PRESENT_OVER_TIME -> overValues(ev, c, t, v -> 1);
            case QUANTILE_OVER_TIME -> {
                double q = scalar(ev, args.get(0), t);
                yield overRange(ev, c, t, 1, (s, r) -> OptionalDouble.of(Stats.quantile(q, values(s))));
            }
        };
    }

    static double scalar(Evaluation ev, Expr e, long t) {
        return ((Scalar) ev.eval(e, t)).value();
    }

    private static List<Element> vector(Evaluation ev, Expr e, long t) {
        return ((Vector) ev.eval(e, t)).elements();
    }

    private static Matrix matrix(Evaluation ev, Expr e, long t) {
        return (Matrix) ev.eval(e, t);
    }

    private static Vector map(Evaluation ev, Expr arg, long t, DoubleUnaryOperator f) {
        List<Element> out = new ArrayList<>();
        for (Element el : vector(ev, arg, t)) {
            out.add(new Element(LabelSets.dropName(el.labels()), f.applyAsDouble(el.value())));
        }
        LabelSets.requireUnique(out);
        return new Vector(out);
    }

    private static Vector timestamp(Evaluation ev, Expr arg, long t) {
        List<Element> in = Expr.unwrap(arg) instanceof VectorSelector vs
                ? ev.selectVector(vs, t, true) : vector(ev, arg, t);
        List<Element> out = new ArrayList<>();
        for (Element el : in) {
            out.add(new Element(LabelSets.dropName(el.labels()),
                    Expr.unwrap(arg) instanceof VectorSelector ? el.value() : t / 1000.0));
        }
        LabelSets.requireUnique(out);
        return new Vector(out);
    }

    /** The labels absent() gives: those its selector fixes with {@code =} and matches no other way. */
    private static Labels absentLabels(Expr arg) {
        List<Matcher> matchers = switch (Expr.unwrap(arg)) {
            case VectorSelector vs -> vs.matchers();
            case MatrixSelector ms -> ms.selector().matchers();
            default -> List.of();
        };
        Map<String, String> labels = new LinkedHashMap<>();
        Set<String> seen = new HashSet<>();
        Set<String> twice = new HashSet<>();
        for (Matcher m : matchers) {
            if (!seen.add(m.name())) {
                twice.add(m.name());
            }
            if (m.op() == Matcher.Op.EQ && !m.name().equals(Labels.METRIC_NAME)) {
                labels.put(m.name(), m.value());
            }
        }
        twice.forEach(labels::remove);
        return Labels.of(labels);
    }

    /**
     * Ascending (or descending) with NaN last, as Go sorts Prometheus's reversed value heap: an insertion sort,
     * which Go uses for the sizes alert rules see, so equal values keep their order.
     */
    private static Vector sort(List<Element> in, boolean descending) {
        List<Element> out = new ArrayList<>(in);
        for (int i = 1; i < out.size(); i++) {
            for (int j = i; j > 0 && before(out.get(j), out.get(j - 1), descending); j--) {
                Element t = out.get(j);
                out.set(j, out.get(j - 1));
                out.set(j - 1, t);
            }
        }
        return new Vector(out);
    }

    /** Whether {@code current} moves before {@code previous}: the reversed heap order of Prometheus's sort. */
    private static boolean before(Element current, Element previous, boolean descending) {
        double p = previous.value();
        if (Double.isNaN(p)) {
            return true;
        }
        return descending ? p < current.value() : p > current.value();
    }

    private static Vector labelReplace(Evaluation ev, List<Expr> args, long t) {
        String dst = string(ev, args.get(1), t);
        String replacement = string(ev, args.get(2), t);
        String src = string(ev, args.get(3), t);
        String regex = string(ev, args.get(4), t);
        Pattern pattern;
        try {
            pattern = Regexes.anchored(regex);
        } catch (PatternSyntaxException e) {
            throw new EvaluationException("invalid regular expression in label_replace(): " + regex);
        }
        if (!validLabelName(dst)) {
            throw new EvaluationException("invalid destination label name in label_replace(): " + dst);
        }
        List<Element> out = new ArrayList<>();
        for (Element el : vector(ev, args.get(0), t)) {
            java.util.regex.Matcher m = pattern.matcher(el.labels().value(src));
            Labels labels = el.labels();
            if (m.matches()) {
                labels = LabelSets.with(labels, dst, Regexes.expand(replacement, m, pattern));
            }
            out.add(new Element(labels, el.value()));
        }
        LabelSets.requireUnique(out);
        return new Vector(out);
    }

    private static Vector labelJoin(Evaluation ev, List<Expr> args, long t) {
        String dst = string(ev, args.get(1), t);
        String separator = string(ev, args.get(2), t);
        List<String> sources = new ArrayList<>();
        for (int i = 3; i < args.size(); i++) {
            String src = string(ev, args.get(i), t);
            if (!validLabelName(src)) {
                throw new EvaluationException("invalid source label name in label_join(): " + src);
            }
            sources.add(src);
        }
        if (!validLabelName(dst)) {
            throw new EvaluationException("invalid destination label name in label_join(): " + dst);
        }
        List<Element> out = new ArrayList<>();
        for (Element el : vector(ev, args.get(0), t)) {
            List<String> parts = new ArrayList<>();
            for (String src : sources) {
                parts.add(el.labels().value(src));
            }
            out.add(new Element(LabelSets.with(el.labels(), dst, String.join(separator, parts)), el.value()));
        }
        LabelSets.requireUnique(out);
        return new Vector(out);
    }

    private static boolean validLabelName(String name) {
        return name.matches("[a-zA-Z_][a-zA-Z0-9_]*");
    }

    private static String string(Evaluation ev, Expr e, long t) {
        return ((Str) ev.eval(e, t)).value();
    }
}
