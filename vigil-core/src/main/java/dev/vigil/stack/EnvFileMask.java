package dev.vigil.stack;


import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An env file's text as the version history keeps it: every line as written, except that the value of a secret
 * variable is {@code ***}. A line's comment and spacing stay, so the masked file still reads like the original.
 */
public final class EnvFileMask {

    /** Indentation, an optional {@code export}, the name, {@code =} with its spacing; then the value and the rest. */
    private static final Pattern ASSIGNMENT =
            Pattern.compile("(\\s*(?:export[ \\t]+)?([A-Za-z_][A-Za-z0-9_]*)[ \\t]*=[ \\t]*)(.*)");

    private EnvFileMask() {
    }

    /** Masks the variables whose names look secret ({@link Secrets#looksSecret}). */
    public static String mask(String text) {
        return mask(text, Set.of());
    }

    /**
     * Masks the variables whose names look secret, and those named in {@code secrets} (what the services reading
     * the file declare under {@code secrets}).
     */
    public static String mask(String text, Set<String> secrets) {
        StringBuilder out = new StringBuilder(text.length());
        // Split keeping the line ends, so \r\n and a missing final newline come back as they were.
        for (String line : text.split("(?<=\n)", -1)) {
            out.append(maskLine(line, secrets));
        }
        return out.toString();
    }

    private static String maskLine(String line, Set<String> secrets) {
        String end = line.endsWith("\r\n") ? "\r\n" : line.endsWith("\n") ? "\n" : "";
        String body = line.substring(0, line.length() - end.length());
        Matcher m = ASSIGNMENT.matcher(body);
        if (body.strip().startsWith("#") || !m.matches()
                || !(Secrets.looksSecret(m.group(2)) || secrets.contains(m.group(2)))) {
            return line;
        }
        String rest = m.group(3);
        int valueEnd = valueEnd(rest);
        if (valueEnd == 0) {
            return line; // an empty value hides nothing
        }
        return m.group(1) + Secrets.MASK + rest.substring(valueEnd) + end;
    }

    /**
     * Where the value ends in {@code rest}, read as {@link dev.vigil.stack.EnvFile} reads it: at the closing quote
     * of a quoted value, else before a {@code #} that follows whitespace, and before trailing whitespace. A quote
     * that is never closed (a line the loader rejects) masks the whole rest.
     */
    private static int valueEnd(String rest) {
        if (rest.startsWith("\"") || rest.startsWith("'")) {
            char quote = rest.charAt(0);
            for (int i = 1; i < rest.length(); i++) {
                char c = rest.charAt(i);
                if (quote == '"' && c == '\\') {
                    i++;
                } else if (c == quote) {
                    return i + 1;
                }
            }
            return rest.length();
        }
        int comment = rest.length();
        for (int i = 1; i < rest.length(); i++) {
            if (rest.charAt(i) == '#' && Character.isWhitespace(rest.charAt(i - 1))) {
                comment = i;
                break;
            }
        }
        return rest.substring(0, comment).stripTrailing().length();
    }
}
