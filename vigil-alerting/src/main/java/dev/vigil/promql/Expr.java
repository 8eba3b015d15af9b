package dev.vigil.promql;

import dev.vigil.metrics.Matcher;
import java.util.List;
import java.util.Optional;

/** A parsed PromQL expression: a closed set of nodes, each with where it starts in the query. */
public sealed interface Expr {

    Position pos();

    ValueType type();

    record NumberLiteral(double value, Position pos) implements Expr {
        public ValueType type() {
            return ValueType.SCALAR;
        }
    }

    record StringLiteral(String value, Position pos) implements Expr {
        public ValueType type() {
            return ValueType.STRING;
        }
    }

    /** {@code name{matchers} offset d}; the name, when written, is among the matchers as {@code __name__}. */
    record VectorSelector(List<Matcher> matchers, long offsetMs, Position pos) implements Expr {
        public VectorSelector {
            matchers = List.copyOf(matchers);
        }

        public ValueType type() {
            return ValueType.VECTOR;
        }
    }

    record MatrixSelector(VectorSelector selector, long rangeMs, Position pos) implements Expr {
        public ValueType type() {
            return ValueType.MATRIX;
        }
    }

    /** {@code expr[range:step] offset d}; a step of 0 means the engine's default. */
    record Subquery(Expr expr, long rangeMs, long stepMs, long offsetMs, Position pos) implements Expr {
        public ValueType type() {
            return ValueType.MATRIX;
        }
    }

    record Paren(Expr expr, Position pos) implements Expr {
        public ValueType type() {
            return expr.type();
        }
    }

    record Unary(boolean negate, Expr expr, Position pos) implements Expr {
        public ValueType type() {
            return expr.type();
        }
    }

    record Binary(BinaryOp op, Expr lhs, Expr rhs, boolean returnBool, VectorMatching matching, Position pos)
            implements Expr {
        public ValueType type() {
            return lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR ? ValueType.SCALAR
                    : ValueType.VECTOR;
        }
    }

    record Call(Function function, List<Expr> args, Position pos) implements Expr {
        public Call {
            args = List.copyOf(args);
        }

        public ValueType type() {
            return function.returnType();
        }
    }

    record Aggregate(AggregateOp op, Expr expr, Optional<Expr> param, List<String> grouping, boolean without,
            Position pos) implements Expr {
        public Aggregate {
            grouping = List.copyOf(grouping);
        }

        public ValueType type() {
            return ValueType.VECTOR;
        }
    }

    /** How two vectors' elements are paired: {@code on}/{@code ignoring} labels and {@code group_x} labels. */
    record VectorMatching(Cardinality card, List<String> labels, boolean on, List<String> include) {
        public static final VectorMatching DEFAULT = new VectorMatching(Cardinality.ONE_TO_ONE, List.of(), false,
                List.of());

        public VectorMatching {
            labels = List.copyOf(labels);
            include = List.copyOf(include);
        }
    }

    enum Cardinality { ONE_TO_ONE, MANY_TO_ONE, ONE_TO_MANY, MANY_TO_MANY }

    /** Strips parentheses. */
    static Expr unwrap(Expr e) {
        while (e instanceof Paren p) {
            e = p.expr();
        }
        return e;
    }
}
