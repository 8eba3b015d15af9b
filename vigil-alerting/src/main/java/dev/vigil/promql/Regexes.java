package dev.vigil.promql;

import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Prometheus's regular expressions are RE2; this translates them to Java's with the same meaning, and refuses
 * what RE2 refuses (look-around, back-references, possessive quantifiers) rather than give it a meaning
 * Prometheus never gives it. Translated: {@code (?P<name>)} groups, POSIX classes such as {@code [[:alpha:]]},
 * a literal {@code [} or {@code &} inside a class, and {@code $}, which in RE2 (without {@code m}) matches only
 * at the very end, never before a final newline as Java's does.
 */
final class Regexes {

    private static final Map<String, String> POSIX = Map.ofEntries(Map.entry("alnum", "\\p{Alnum}"),
            Map.entry("alpha", "\\p{Alpha}"), Map.entry("ascii", "\\p{ASCII}"), Map.entry("blank", "\\p{Blank}"),
            Map.entry("cntrl", "\\p{Cntrl}"), Map.entry("digit", "\\p{Digit}"), Map.entry("graph", "\\p{Graph}"),
            Map.entry("lower", "\\p{Lower}"), Map.entry("print", "\\p{Print}"), Map.entry("punct", "\\p{Punct}"),
            Map.entry("space", "\\t\\n\\x0B\\f\\r "), Map.entry("upper", "\\p{Upper}"), Map.entry("word", "\\w"),
            Map.entry("xdigit", "\\p{XDigit}"));

    private Regexes() {
    }

    /**
     * The RE2 expression in Java's syntax, ending at the end of the input: used inside {@code ^(?:…)$} it
     * matches exactly what RE2 matches inside {@code ^(?s:…)$}.
     */
    static String toJava(String re2) {
        StringBuilder out = new StringBuilder("(?:");
        boolean inClass = false;
        int classStart = -1;
        boolean multiline = re2.matches("(?s).*\\(\\?[a-zA-Z]*m.*");
        int i = 0;
        while (i < re2.length()) {
            char c = re2.charAt(i);
            char next = i + 1 < re2.length() ? re2.charAt(i + 1) : 0;
            if (c == '\\') {
                if (!inClass && (next >= '1' && next <= '9' || next == 'k' || next == 'Z' || next == 'G')) {
                    throw refused(re2, i);
                }
                out.append(c);
                if (next != 0) {
                    out.append(next);
                }
                i += 2;
                continue;
            }
            if (inClass) {
                if (c == '[' && next == ':') {
                    int end = re2.indexOf(":]", i + 2);
                    String name = end < 0 ? "" : re2.substring(i + 2, end);
                    boolean negated = name.startsWith("^");
                    String cls = POSIX.get(negated ? name.substring(1) : name);
                    if (cls == null) {
                        throw refused(re2, i);
                    }
                    out.append(negated ? "[^" + cls + "]" : cls);
                    i = end + 2;
                    continue;
                }
                if (c == ']' && i > classStart) {
                    inClass = false;
                    out.append(c);
                } else if (c == '[' || c == '&' || c == ']') {
                    out.append('\\').append(c);
                } else {
                    out.append(c);
                }
                i++;
                continue;
            }
            if (c == '[') {
                inClass = true;
                out.append(c);
                i++;
                if (i < re2.length() && re2.charAt(i) == '^') {
                    out.append('^');
                    i++;
                }
                // A ']' right after the opening bracket is a literal one.
                classStart = i;
                continue;
            }
            if (c == '(' && next == '?') {
                String rest = re2.substring(i + 2);
                if (rest.startsWith("P<")) {
                    out.append("(?<");
                    i += 4;
                    continue;
                }
                if (rest.startsWith("=") || rest.startsWith("!") || rest.startsWith("<") || rest.startsWith(">")) {
                    throw refused(re2, i);
                }
            }
            if ((c == '*' || c == '+' || c == '?' || c == '}') && next == '+') {
                throw refused(re2, i);
            }
            if (c == '$' && !multiline) {
                out.append("\\z");
            } else {
                out.append(c);
            }
            i++;
        }
        return out.append(")\\z").toString();
    }

    private static PatternSyntaxException refused(String re2, int index) {
        return new PatternSyntaxException("not an RE2 regular expression", re2, index);
    }

    /** Anchored at both ends, {@code .} matching newlines too. */
    static Pattern anchored(String re2) {
        return Pattern.compile("^" + toJava(re2), Pattern.DOTALL);
    }

    /**
     * Go's template expansion: {@code $1}, {@code ${1}}, {@code $name}, {@code ${name}}, {@code $$}. A name takes
     * every letter, digit and underscore that follows, so {@code $1x} names group "1x"; a group that does not
     * exist or did not match expands to nothing.
     */
    static String expand(String template, java.util.regex.Matcher m, Pattern pattern) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < template.length()) {
            char c = template.charAt(i);
            if (c != '$' || i + 1 >= template.length()) {
                out.append(c);
                i++;
                continue;
            }
            if (template.charAt(i + 1) == '$') {
                out.append('$');
                i += 2;
                continue;
            }
            String name;
            int end;
            if (template.charAt(i + 1) == '{') {
                int close = template.indexOf('}', i + 2);
                name = close < 0 ? "" : template.substring(i + 2, close);
                end = close + 1;
            } else {
                end = i + 1;
                while (end < template.length() && isNameChar(template.charAt(end))) {
                    end++;
                }
                name = template.substring(i + 1, end);
            }
            if (name.isEmpty() || !name.chars().allMatch(ch -> isNameChar((char) ch))) {
                out.append('$');
                i++;
                continue;
            }
            out.append(group(m, pattern, name));
            i = end;
        }
        return out.toString();
    }

    private static boolean isNameChar(char c) {
        return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }

    private static String group(java.util.regex.Matcher m, Pattern pattern, String name) {
        String value = null;
        if (name.chars().allMatch(Character::isDigit)) {
            if (name.length() < 9) {
                int n = Integer.parseInt(name);
                if (n <= m.groupCount()) {
                    value = m.group(n);
                }
            }
        } else if (pattern.namedGroups().containsKey(name)) {
            value = m.group(name);
        }
        return value == null ? "" : value;
    }
}
