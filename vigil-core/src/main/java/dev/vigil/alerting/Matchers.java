package dev.vigil.alerting;

import dev.vigil.metrics.Matcher;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads matchers as Alertmanager and amtool accept them: one ({@code severity="critical"}, {@code team=db}) or a
 * list ({@code {alertname="Down", service=~"api|web"}}, braces optional, separated by commas). Label names are
 * Prometheus's ({@code [a-zA-Z_][a-zA-Z0-9_]*}); a value is quoted (with {@code \"}, {@code \\} and {@code \n}
 * escapes) or bare up to the next comma or closing brace, surrounding spaces dropped.
 */
public final class Matchers {

    private final String text;
    private int pos;

    private Matchers(String text) {
        this.text = text;
    }

    /** Exactly one matcher. */
    public static Matcher parse(String text) {
        List<Matcher> all = parseAll(text);
        if (all.size() != 1) {
            throw new MatcherSyntaxException(text, 1, "expected one matcher, found " + all.size());
        }
        return all.get(0);
    }

    /** One or more matchers, in braces or not; an empty list ({@code {}}) is an error: it would match everything. */
    public static List<Matcher> parseAll(String text) {
        return new Matchers(text).all();
    }

    /** Whether every matcher matches the labels (all of an empty list do). */
    public static boolean matchAll(List<Matcher> matchers, Map<String, String> labels) {
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }

    private List<Matcher> all() {
        skipSpaces();
        boolean braces = peek('{');
        if (braces) {
            pos++;
        }
        List<Matcher> out = new ArrayList<>();
        while (true) {
            skipSpaces();
            if (braces && peek('}')) {
                break;
            }
            if (!braces && pos >= text.length()) {
                break;
            }
            out.add(one(braces));
            skipSpaces();
            if (peek(',')) {
                pos++;
                continue;
            }
            if (braces && !peek('}')) {
                throw error(pos >= text.length() ? "missing closing '}'" : "expected ',' or '}'");
            }
            if (!braces && pos < text.length()) {
                throw error("expected ',' after a matcher");
            }
        }
        if (braces) {
            pos++; // the '}'
            skipSpaces();
            if (pos < text.length()) {
                throw error("unexpected text after '}'");
            }
        }
        if (out.isEmpty()) {
            throw new MatcherSyntaxException(text, 1, "no matchers");
        }
        return out;
    }

    private Matcher one(boolean braces) {
        int start = pos;
        while (pos < text.length() && isNameChar(text.charAt(pos), pos == start)) {
            pos++;
        }
        if (pos == start) {
            throw error("expected a label name");
        }
        String name = text.substring(start, pos);
        skipSpaces();
        Matcher.Op type;
        if (text.startsWith("=~", pos)) {
            type = Matcher.Op.RE;
        } else if (text.startsWith("!~", pos)) {
            type = Matcher.Op.NRE;
        } else if (text.startsWith("!=", pos)) {
            type = Matcher.Op.NEQ;
        } else if (peek('=')) {
            type = Matcher.Op.EQ;
        } else {
            throw error("expected one of =, !=, =~, !~ after \"" + name + "\"");
        }
        pos += type == Matcher.Op.EQ ? 1 : 2;
        skipSpaces();
        int valueAt = pos;
        String value = peek('"') ? quoted() : bare(braces);
        try {
            return Matcher.of(name, type, value);
        } catch (java.util.regex.PatternSyntaxException e) {
            throw new MatcherSyntaxException(text, valueAt + 1, "invalid regular expression \"" + value + "\": "
                    + e.getDescription());
        }
    }

    private String quoted() {
        StringBuilder out = new StringBuilder();
        pos++; // the opening quote
        while (pos < text.length()) {
            char c = text.charAt(pos++);
            if (c == '"') {
                return out.toString();
            }
            if (c == '\\') {
                if (pos >= text.length()) {
                    break;
                }
                char e = text.charAt(pos++);
                switch (e) {
                    case '"', '\\' -> out.append(e);
                    case 'n' -> out.append('\n');
                    default -> {
                        pos--;
                        throw error("unknown escape \\" + e);
                    }
                }
            } else {
                out.append(c);
            }
        }
        throw error("missing closing quote");
    }

    private String bare(boolean braces) {
        int start = pos;
        while (pos < text.length() && text.charAt(pos) != ',' && !(braces && text.charAt(pos) == '}')) {
            if (text.charAt(pos) == '"') {
                throw error("a quote inside an unquoted value");
            }
            pos++;
        }
        return text.substring(start, pos).trim();
    }

    private static boolean isNameChar(char c, boolean first) {
        return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void skipSpaces() {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
            pos++;
        }
    }

    private MatcherSyntaxException error(String why) {
        return new MatcherSyntaxException(text, Math.min(pos, text.length()) + 1, why);
    }
}
