package dev.vigil.alerting.route;

import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One condition on an alert's labels, as Alertmanager writes it: {@code severity="critical"}, {@code team!=db},
 * {@code service=~"api|web"}, {@code env!~"dev.*"}. A label the alert does not have has the empty value, so
 * {@code team=""} matches an alert without {@code team}. Regular expressions are anchored at both ends.
 */
public record LabelMatcher(String name, Type type, String value, Pattern pattern) {

    public enum Type {
        EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

        private final String operator;

        Type(String operator) {
            this.operator = operator;
        }

        public String operator() {
            return operator;
        }
    }

    public LabelMatcher {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(value, "value");
    }

    /** @throws IllegalArgumentException when a regular expression does not compile, naming it */
    public static LabelMatcher of(String name, Type type, String value) {
        Pattern pattern = null;
        if (type == Type.REGEX || type == Type.NOT_REGEX) {
            try {
                pattern = Pattern.compile("^(?:" + value + ")$", Pattern.DOTALL);
            } catch (PatternSyntaxException e) {
                throw new IllegalArgumentException("invalid regular expression \"" + value + "\": " + e.getDescription());
            }
        }
        return new LabelMatcher(name, type, value, pattern);
    }

    public static LabelMatcher equal(String name, String value) {
        return of(name, Type.EQUAL, value);
    }

    public boolean matches(Map<String, String> labels) {
        String actual = labels.getOrDefault(name, "");
        return switch (type) {
            case EQUAL -> actual.equals(value);
            case NOT_EQUAL -> !actual.equals(value);
            case REGEX -> pattern.matcher(actual).matches();
            case NOT_REGEX -> !pattern.matcher(actual).matches();
        };
    }

    /** As Alertmanager prints it: {@code name="value"}, the value quoted and escaped. */
    @Override
    public String toString() {
        return name + type.operator() + '"' + value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + '"';
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LabelMatcher m && name.equals(m.name) && type == m.type && value.equals(m.value);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, type, value);
    }
}
