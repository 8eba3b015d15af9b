package dev.vigil.metrics;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One condition of a series selector, as in PromQL: {@code =}, {@code !=}, {@code =~}, {@code !~}. Regular
 * expressions are anchored at both ends. A series without the label is matched as if its value were "".
 */
public final class Matcher {

    public enum Op { EQ, NEQ, RE, NRE }

    private final String name;
    private final Op op;
    private final String value;
    private final Pattern pattern;

    private Matcher(String name, Op op, String value) {
        this.name = Objects.requireNonNull(name, "name");
        this.op = Objects.requireNonNull(op, "op");
        this.value = Objects.requireNonNull(value, "value");
        this.pattern = op == Op.RE || op == Op.NRE ? Pattern.compile("^(?:" + value + ")$", Pattern.DOTALL) : null;
    }

    public static Matcher of(String name, Op op, String value) {
        return new Matcher(name, op, value);
    }

    public static Matcher eq(String name, String value) {
        return new Matcher(name, Op.EQ, value);
    }

    public static Matcher neq(String name, String value) {
        return new Matcher(name, Op.NEQ, value);
    }

    public static Matcher re(String name, String regex) {
        return new Matcher(name, Op.RE, regex);
    }

    public static Matcher nre(String name, String regex) {
        return new Matcher(name, Op.NRE, regex);
    }

    /** Selects a metric by name. */
    public static Matcher metric(String name) {
        return eq(Labels.METRIC_NAME, name);
    }

    public String name() {
        return name;
    }

    public Op op() {
        return op;
    }

    public String value() {
        return value;
    }

    public boolean matches(String actual) {
        return switch (op) {
            case EQ -> value.equals(actual);
            case NEQ -> !value.equals(actual);
            case RE -> pattern.matcher(actual).matches();
            case NRE -> !pattern.matcher(actual).matches();
        };
    }

    public boolean matches(Labels labels) {
        return matches(labels.value(name));
    }

    /** Against a plain label map (an alert's labels): a missing label is "" here too. */
    public boolean matches(java.util.Map<String, String> labels) {
        return matches(labels.getOrDefault(name, ""));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Matcher m && m.name.equals(name) && m.op == op && m.value.equals(value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, op, value);
    }

    @Override
    public String toString() {
        String symbol = switch (op) {
            case EQ -> "=";
            case NEQ -> "!=";
            case RE -> "=~";
            case NRE -> "!~";
        };
        return name + symbol + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }
}
