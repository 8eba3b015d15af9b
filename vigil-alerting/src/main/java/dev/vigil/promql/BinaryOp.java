package dev.vigil.promql;

import java.util.Arrays;
import java.util.Optional;

/** PromQL's binary operators with their precedence (higher binds tighter); {@code ^} alone is right-associative. */
public enum BinaryOp {
    OR("or", 1), AND("and", 2), UNLESS("unless", 2),
    EQL("==", 3), NEQ("!=", 3), LTE("<=", 3), LSS("<", 3), GTE(">=", 3), GTR(">", 3),
    ADD("+", 4), SUB("-", 4),
    MUL("*", 5), DIV("/", 5), MOD("%", 5),
    POW("^", 6);

    private final String symbol;
    private final int precedence;

    BinaryOp(String symbol, int precedence) {
        this.symbol = symbol;
        this.precedence = precedence;
    }

    public String symbol() {
        return symbol;
    }

    int precedence() {
        return precedence;
    }

    boolean rightAssociative() {
        return this == POW;
    }

    public boolean isComparison() {
        return precedence == 3;
    }

    public boolean isSetOperator() {
        return this == OR || this == AND || this == UNLESS;
    }

    static Optional<BinaryOp> ofSymbol(String s) {
        return Arrays.stream(values()).filter(o -> o.symbol.equalsIgnoreCase(s)).findFirst();
    }

    @Override
    public String toString() {
        return symbol;
    }
}
