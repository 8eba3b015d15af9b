package dev.vigil.promql;

import static dev.vigil.promql.ValueType.MATRIX;
import static dev.vigil.promql.ValueType.SCALAR;
import static dev.vigil.promql.ValueType.STRING;
import static dev.vigil.promql.ValueType.VECTOR;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The supported functions with their argument types. {@code optional} trailing arguments may be left out; a
 * variadic function repeats its last argument type any number of times.
 */
public enum Function {
    ABS(VECTOR, VECTOR), ABSENT(VECTOR, VECTOR), ABSENT_OVER_TIME(VECTOR, MATRIX),
    CEIL(VECTOR, VECTOR), CHANGES(VECTOR, MATRIX), CLAMP(VECTOR, VECTOR, SCALAR, SCALAR),
    CLAMP_MAX(VECTOR, VECTOR, SCALAR), CLAMP_MIN(VECTOR, VECTOR, SCALAR), DELTA(VECTOR, MATRIX),
    DERIV(VECTOR, MATRIX), FLOOR(VECTOR, VECTOR), HISTOGRAM_QUANTILE(VECTOR, SCALAR, VECTOR),
    IDELTA(VECTOR, MATRIX), INCREASE(VECTOR, MATRIX), IRATE(VECTOR, MATRIX),
    LABEL_JOIN(VECTOR, -1, VECTOR, STRING, STRING, STRING),
    LABEL_REPLACE(VECTOR, VECTOR, STRING, STRING, STRING, STRING),
    PREDICT_LINEAR(VECTOR, MATRIX, SCALAR), RATE(VECTOR, MATRIX), RESETS(VECTOR, MATRIX),
    ROUND(VECTOR, 1, VECTOR, SCALAR), SCALAR_(SCALAR, VECTOR), SORT(VECTOR, VECTOR), SORT_DESC(VECTOR, VECTOR),
    TIME(SCALAR), TIMESTAMP(VECTOR, VECTOR), VECTOR_(VECTOR, SCALAR),
    AVG_OVER_TIME(VECTOR, MATRIX), MIN_OVER_TIME(VECTOR, MATRIX), MAX_OVER_TIME(VECTOR, MATRIX),
    SUM_OVER_TIME(VECTOR, MATRIX), COUNT_OVER_TIME(VECTOR, MATRIX), QUANTILE_OVER_TIME(VECTOR, SCALAR, MATRIX),
    STDDEV_OVER_TIME(VECTOR, MATRIX), STDVAR_OVER_TIME(VECTOR, MATRIX), LAST_OVER_TIME(VECTOR, MATRIX),
    PRESENT_OVER_TIME(VECTOR, MATRIX);

    /** Functions Prometheus has that are outside the supported subset: refused as not supported. */
    static final Set<String> UNSUPPORTED = Set.of("acos", "acosh", "asin", "asinh", "atan", "atanh", "cos", "cosh",
            "days_in_month", "day_of_month", "day_of_week", "day_of_year", "deg", "exp", "first_over_time",
            "histogram_avg", "histogram_count", "histogram_fraction", "histogram_stddev", "histogram_stdvar",
            "histogram_sum", "double_exponential_smoothing", "holt_winters", "hour", "info", "ln", "log10", "log2",
            "mad_over_time", "minute", "month", "pi", "rad", "sgn", "sin", "sinh", "sort_by_label",
            "sort_by_label_desc", "sqrt", "tan", "tanh", "year", "ts_of_max_over_time", "ts_of_min_over_time",
            "ts_of_last_over_time", "ts_of_first_over_time", "label_values", "step", "range", "start", "end",
            "min_of", "max_of");

    private final ValueType returnType;
    private final List<ValueType> argTypes;
    /** Trailing optional arguments, or -1 for variadic. */
    private final int optional;
    private final String text;

    Function(ValueType returnType, ValueType... argTypes) {
        this(returnType, 0, argTypes);
    }

    Function(ValueType returnType, int optional, ValueType... argTypes) {
        this.returnType = returnType;
        this.optional = optional;
        this.argTypes = List.of(argTypes);
        String lower = name().toLowerCase(java.util.Locale.ROOT);
        this.text = lower.endsWith("_") ? lower.substring(0, lower.length() - 1) : lower;
    }

    public String text() {
        return text;
    }

    public ValueType returnType() {
        return returnType;
    }

    List<ValueType> argTypes() {
        return argTypes;
    }

    boolean variadic() {
        return optional < 0;
    }

    int minArgs() {
        return optional < 0 ? argTypes.size() - 1 : argTypes.size() - optional;
    }

    int maxArgs() {
        return optional < 0 ? Integer.MAX_VALUE : argTypes.size();
    }

    ValueType argType(int index) {
        return index < argTypes.size() ? argTypes.get(index) : argTypes.getLast();
    }

    static Optional<Function> named(String name) {
        return Arrays.stream(values()).filter(f -> f.text().equals(name)).findFirst();
    }
}
