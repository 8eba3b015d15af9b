package dev.vigil.promql;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Prometheus's regular expressions are RE2; Java's are a superset of what rule files use. RE2's {@code (?P<name>)}
 * groups are translated, and what RE2 refuses (look-around, back-references, possessive quantifiers) is refused
 * here too rather than given a meaning Prometheus never gives it.
 */
final class Regexes {

    private static final Pattern NOT_RE2 = Pattern.compile("\\(\\?<?[=!]|\\\\[1-9]|\\\\k<|[*+?}]\\+");

    private Regexes() {
    }

    static String toJava(String re2) {
        String java = re2.replace("(?P<", "(?<");
        if (NOT_RE2.matcher(java).find()) {
            throw new PatternSyntaxException("not an RE2 regular expression", re2, -1);
        }
        return java;
    }

    /** Anchored at both ends, {@code .} matching newlines too. */
    static Pattern anchored(String re2) {
        return Pattern.compile("^(?:" + toJava(re2) + ")$", Pattern.DOTALL);
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
