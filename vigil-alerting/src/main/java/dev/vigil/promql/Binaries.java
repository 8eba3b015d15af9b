package dev.vigil.promql;

import dev.vigil.metrics.Labels;
import dev.vigil.promql.Expr.Binary;
import dev.vigil.promql.Expr.Cardinality;
import dev.vigil.promql.Expr.VectorMatching;
import dev.vigil.promql.Value.Element;
import dev.vigil.promql.Value.Scalar;
import dev.vigil.promql.Value.Vector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Binary operators between scalars and vectors, with Prometheus's vector matching. */
final class Binaries {

    private Binaries() {
    }

    /** The result of one operation on two values; {@code keep} is false when a comparison filters it out. */
    private record Result(double value, boolean keep) {
    }

    static Value evaluate(Binary b, Value lhs, Value rhs) {
        BinaryOp op = b.op();
        if (lhs instanceof Scalar l && rhs instanceof Scalar r) {
            Result res = apply(op, l.value(), r.value());
            return new Scalar(op.isComparison() ? (res.keep() ? 1 : 0) : res.value());
        }
        if (lhs instanceof Vector l && rhs instanceof Scalar r) {
            return vectorScalar(b, l, r.value(), false);
        }
        if (lhs instanceof Scalar l && rhs instanceof Vector r) {
            return vectorScalar(b, r, l.value(), true);
        }
        Vector l = (Vector) lhs;
        Vector r = (Vector) rhs;
        return switch (op) {
            case AND -> and(b.matching(), l, r, true);
            case UNLESS -> and(b.matching(), l, r, false);
            case OR -> or(b.matching(), l, r);
            default -> vectorVector(b, l, r);
        };
    }

    private static Result apply(BinaryOp op, double l, double r) {
        return switch (op) {
            case ADD -> new Result(l + r, true);
            case SUB -> new Result(l - r, true);
            case MUL -> new Result(l * r, true);
            case DIV -> new Result(l / r, true);
            case MOD -> new Result(l % r, true);
            case POW -> new Result(Stats.pow(l, r), true);
            case EQL -> new Result(l, l == r);
            case NEQ -> new Result(l, l != r);
            case GTR -> new Result(l, l > r);
            case LSS -> new Result(l, l < r);
            case GTE -> new Result(l, l >= r);
            case LTE -> new Result(l, l <= r);
            case AND, OR, UNLESS -> throw new IllegalStateException("set operator " + op + " between numbers");
        };
    }

    private static Vector vectorScalar(Binary b, Vector v, double scalar, boolean scalarOnLeft) {
        List<Element> out = new ArrayList<>();
        for (Element el : v.elements()) {
            double l = scalarOnLeft ? scalar : el.value();
            double r = scalarOnLeft ? el.value() : scalar;
            Result res = apply(b.op(), l, r);
            double value = b.op().isComparison() ? el.value() : res.value();
            boolean keep = res.keep();
            if (b.returnBool()) {
                value = keep ? 1 : 0;
                keep = true;
            }
            if (keep) {
                boolean dropName = !b.op().isComparison() || b.returnBool();
                out.add(new Element(dropName ? LabelSets.dropName(el.labels()) : el.labels(), value));
            }
        }
        LabelSets.requireUnique(out);
        return new Vector(out);
    }

    private static Labels signature(VectorMatching m, Labels labels) {
        if (m.on()) {
            return LabelSets.keep(labels, m.labels());
        }
        List<String> drop = new ArrayList<>(m.labels());
        drop.add(Labels.METRIC_NAME);
        return LabelSets.without(labels, drop);
    }

    private static Vector and(VectorMatching m, Vector l, Vector r, boolean present) {
        Set<Labels> right = new HashSet<>();
        for (Element el : r.elements()) {
            right.add(signature(m, el.labels()));
        }
        List<Element> out = new ArrayList<>();
        for (Element el : l.elements()) {
            if (right.contains(signature(m, el.labels())) == present) {
                out.add(el);
            }
        }
        return new Vector(out);
    }

    private static Vector or(VectorMatching m, Vector l, Vector r) {
        Set<Labels> left = new HashSet<>();
        List<Element> out = new ArrayList<>(l.elements());
        for (Element el : l.elements()) {
            left.add(signature(m, el.labels()));
        }
        for (Element el : r.elements()) {
            if (!left.contains(signature(m, el.labels()))) {
                out.add(el);
            }
        }
        return new Vector(out);
    }

    private static Vector vectorVector(Binary b, Vector lhs, Vector rhs) {
        VectorMatching m = b.matching();
        if (lhs.elements().isEmpty() || rhs.elements().isEmpty()) {
            return new Vector(List.of());
        }
        boolean swapped = m.card() == Cardinality.ONE_TO_MANY;
        List<Element> many = swapped ? rhs.elements() : lhs.elements();
        List<Element> one = swapped ? lhs.elements() : rhs.elements();
        Map<Labels, Element> oneSide = new HashMap<>();
        for (Element el : one) {
            Labels sig = signature(m, el.labels());
            Element before = oneSide.put(sig, el);
            if (before != null) {
                String first = LabelSets.format(before.labels());
                String second = LabelSets.format(el.labels());
                if (first.compareTo(second) > 0) {
                    String swap = first;
                    first = second;
                    second = swap;
                }
                throw new EvaluationException("found duplicate series for the match group " + LabelSets.format(sig)
                        + " on the " + (swapped ? "left" : "right") + " hand-side of the operation: [" + first + ", "
                        + second + "];many-to-many matching not allowed: matching labels must be unique on one side");
            }
        }
        Map<Labels, Set<Labels>> matched = new HashMap<>();
        List<Element> out = new ArrayList<>();
        for (Element el : many) {
            Labels sig = signature(m, el.labels());
            Element other = oneSide.get(sig);
            if (other == null) {
                continue;
            }
            double fl = swapped ? other.value() : el.value();
            double fr = swapped ? el.value() : other.value();
            Result res = apply(b.op(), fl, fr);
            Labels metric = resultLabels(el.labels(), other.labels(), b, m);
            Set<Labels> inserted = matched.get(sig);
            if (m.card() == Cardinality.ONE_TO_ONE) {
                if (inserted != null) {
                    throw new EvaluationException("multiple matches for labels: many-to-one matching must be "
                            + "explicit (group_left/group_right)");
                }
                matched.put(sig, Set.of());
            } else {
                if (inserted == null) {
                    inserted = new HashSet<>();
                    matched.put(sig, inserted);
                }
                if (!inserted.add(metric)) {
                    throw new EvaluationException("multiple matches for labels: grouping labels must ensure unique "
                            + "matches");
                }
            }
            if (b.returnBool()) {
                out.add(new Element(metric, res.keep() ? 1 : 0));
            } else if (res.keep()) {
                out.add(new Element(metric, res.value()));
            }
        }
        LabelSets.requireUnique(out);
        return new Vector(out);
    }

    private static Labels resultLabels(Labels many, Labels one, Binary b, VectorMatching m) {
        Labels out = many;
        if (!b.op().isComparison() || b.returnBool()) {
            out = LabelSets.dropName(out);
        }
        if (m.card() == Cardinality.ONE_TO_ONE) {
            out = m.on() ? LabelSets.keep(out, m.labels()) : LabelSets.without(out, m.labels());
        }
        for (String name : m.include()) {
            out = LabelSets.with(out, name, one.value(name));
        }
        return out;
    }
}
