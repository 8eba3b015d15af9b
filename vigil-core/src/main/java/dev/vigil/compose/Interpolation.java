package dev.vigil.compose;

import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Compose's variable substitution: {@code $VAR}, {@code ${VAR}}, {@code ${VAR:-default}} (unset or empty),
 * {@code ${VAR-default}} (unset), {@code ${VAR:?error}}, {@code ${VAR?error}}, {@code ${VAR:+other}},
 * {@code ${VAR+other}}, and {@code $$} for a literal {@code $}. Defaults may themselves hold variables.
 */
final class Interpolation {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Map<String, String> environment;

    Interpolation(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * The text with every variable replaced; {@code unset} hears the name of each variable that is not set and
     * has no default. Throws {@link IllegalArgumentException} for a bad expression or a required variable.
     */
    String apply(String text, Consumer<String> unset) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '$') {
                out.append(c);
                i++;
                continue;
            }
            if (i + 1 >= text.length()) {
                throw new IllegalArgumentException("a `$` at the end; write `$$` for a literal `$`");
            }
            char next = text.charAt(i + 1);
            if (next == '$') {
                out.append('$');
                i += 2;
            } else if (next == '{') {
                int end = closingBrace(text, i + 2);
                out.append(braced(text.substring(i + 2, end), unset));
                i = end + 1;
            } else {
                int end = i + 1;
                while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                    end++;
                }
                String name = text.substring(i + 1, end);
                if (!NAME.matcher(name).matches()) {
                    throw new IllegalArgumentException("invalid interpolation `" + text.substring(i, Math.min(end + 1,
                            text.length())) + "`; write `$$` for a literal `$`");
                }
                out.append(value(name, unset));
                i = end;
            }
        }
        return out.toString();
    }

    private static int closingBrace(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            if (text.charAt(i) == '{') {
                depth++;
            } else if (text.charAt(i) == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("unclosed `${`");
    }

    private String braced(String inside, Consumer<String> unset) {
        int end = 0;
        while (end < inside.length() && (Character.isLetterOrDigit(inside.charAt(end)) || inside.charAt(end) == '_')) {
            end++;
        }
        String name = inside.substring(0, end);
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid interpolation `${" + inside + "}`");
        }
        String op = inside.substring(end);
        String value = environment.get(name);
        boolean colon = op.startsWith(":");
        String rest = colon ? op.substring(1) : op;
        if (op.isEmpty()) {
            return value(name, unset);
        }
        boolean missing = value == null || (colon && value.isEmpty());
        String arg = rest.isEmpty() ? "" : rest.substring(1);
        return switch (rest.isEmpty() ? ' ' : rest.charAt(0)) {
            case '-' -> missing ? apply(arg, unset) : value;
            case '+' -> missing ? "" : apply(arg, unset);
            case '?' -> {
                if (missing) {
                    throw new IllegalArgumentException("required variable `" + name + "` is "
                            + (value == null ? "not set" : "empty") + (arg.isEmpty() ? "" : ": " + apply(arg, unset)));
                }
                yield value;
            }
            default -> throw new IllegalArgumentException("invalid interpolation `${" + inside + "}`");
        };
    }

    private String value(String name, Consumer<String> unset) {
        String value = environment.get(name);
        if (value == null) {
            unset.accept(name);
            return "";
        }
        return value;
    }
}
