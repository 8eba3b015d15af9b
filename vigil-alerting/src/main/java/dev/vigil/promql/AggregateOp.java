package dev.vigil.promql;

import java.util.Arrays;
import java.util.Optional;

/** The supported aggregation operators; those taking a parameter say of which type. */
public enum AggregateOp {
    SUM, AVG, MIN, MAX, COUNT, STDDEV, TOPK(ValueType.SCALAR), BOTTOMK(ValueType.SCALAR),
    QUANTILE(ValueType.SCALAR), COUNT_VALUES(ValueType.STRING);

    /** Aggregations Prometheus has that are outside the supported subset. */
    static final java.util.Set<String> UNSUPPORTED = java.util.Set.of("group", "stdvar", "limitk", "limit_ratio");

    private final ValueType paramType;

    AggregateOp() {
        this(null);
    }

    AggregateOp(ValueType paramType) {
        this.paramType = paramType;
    }

    Optional<ValueType> paramType() {
        return Optional.ofNullable(paramType);
    }

    public String text() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    static Optional<AggregateOp> named(String name) {
        return Arrays.stream(values()).filter(o -> o.text().equals(name.toLowerCase(java.util.Locale.ROOT)))
                .findFirst();
    }

    static boolean isAggregation(String name) {
        return named(name).isPresent() || UNSUPPORTED.contains(name.toLowerCase(java.util.Locale.ROOT));
    }
}
