package dev.vigil.metrics;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Series selectors as PromQL writes an instant-vector selector: {@code up}, {@code up{job="api",code!="200"}},
 * {@code {__name__=~"host_.*"}}. Label values are strings in double quotes, single quotes or backticks (raw, no
 * escapes), with Go's escapes in the quoted ones ({@code \n}, {@code \"}, {@code \x41}, {@code \101},
 * {@code \u00e9}, {@code \U0001F600}, ...), as PromQL's lexer takes them. Whitespace and {@code #} comments may
 * separate the parts. As in PromQL, a selector needs at least one matcher that does not match the empty string,
 * and a metric name written before the braces must not be matched again as {@code __name__} inside them.
 * Regular expressions are Java's, anchored at both ends.
 */
public final class Selectors {

    private Selectors() {
    }

    /**
     * The matchers of one selector, in the order written, the metric name (when written before the braces) first.
     *
     * @throws SelectorException naming the column and what was expected there
     */
    public static List<Matcher> parse(String text) {
        return new Parser(text).selector();
    }

    /** The selector in PromQL's notation, parsing back to the same matchers. */
    public static String format(List<Matcher> matchers) {
        StringBuilder s = new StringBuilder();
        int from = 0;
        long names = matchers.stream().filter(m -> m.name().equals(Labels.METRIC_NAME)).count();
        if (!matchers.isEmpty() && names == 1 && matchers.getFirst().name().equals(Labels.METRIC_NAME)
                && matchers.getFirst().op() == Matcher.Op.EQ && isMetricName(matchers.getFirst().value())) {
            s.append(matchers.getFirst().value());
            from = 1;
            if (matchers.size() == 1) {
                return s.toString();
            }
        }
        s.append('{');
        for (int i = from; i < matchers.size(); i++) {
            Matcher m = matchers.get(i);
            if (i > from) {
                s.append(", ");
            }
            s.append(m.name()).append(symbol(m.op())).append(quote(m.value()));
        }
        return s.append('}').toString();
    }

    private static String symbol(Matcher.Op op) {
        return switch (op) {
            case EQ -> "=";
            case NEQ -> "!=";
            case RE -> "=~";
            case NRE -> "!~";
        };
    }

    private static String quote(String value) {
        StringBuilder s = new StringBuilder("\"");
        value.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> s.append("\\\\");
                case '"' -> s.append("\\\"");
                case '\n' -> s.append("\\n");
                case '\r' -> s.append("\\r");
                case '\t' -> s.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        s.append(String.format("\\x%02x", c));
                    } else {
                        s.appendCodePoint(c);
                    }
                }
            }
        });
        return s.append('"').toString();
    }

    private static boolean isMetricName(String s) {
        if (s.isEmpty() || !metricStart(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!metricPart(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean labelStart(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean labelPart(int c) {
        return labelStart(c) || c >= '0' && c <= '9';
    }

    private static boolean metricStart(int c) {
        return labelStart(c) || c == ':';
    }

    private static boolean metricPart(int c) {
        return labelPart(c) || c == ':';
    }

    /** One pass over the text; {@code pos} is a char index, columns are counted in code points. */
    private static final class Parser {

        private static final int EOF = -1;

        private final String text;
        private int pos;

        Parser(String text) {
            this.text = text;
        }

        List<Matcher> selector() {
            skipSpace();
            List<Matcher> matchers = new ArrayList<>();
            String name = null;
            if (metricStart(peek())) {
                int start = pos;
                while (metricPart(peek())) {
                    pos++;
                }
                name = text.substring(start, pos);
                matchers.add(Matcher.metric(name));
                skipSpace();
            }
            if (peek() == '{') {
                pos++;
                braces(name, matchers);
            } else if (name == null) {
                throw error(pos, peek() == EOF && text.isBlank() ? "empty selector; expected a metric name or `{`"
                        : "expected a metric name or `{`, got " + describe(pos));
            }
            skipSpace();
            if (peek() != EOF) {
                throw error(pos, "unexpected " + describe(pos) + " after the selector");
            }
            if (matchers.stream().allMatch(m -> m.matches(""))) {
                throw error(0, "a selector needs at least one matcher that does not match the empty string, "
                        + "e.g. a metric name or {service=\"api\"}");
            }
            return matchers;
        }

        private void braces(String name, List<Matcher> matchers) {
            while (true) {
                skipSpace();
                if (peek() == '}') {
                    pos++;
                    return;
                }
                if (!labelStart(peek())) {
                    throw error(pos, "expected a label name or `}`, got " + describe(pos));
                }
                int labelAt = pos;
                while (labelPart(peek())) {
                    pos++;
                }
                String label = text.substring(labelAt, pos);
                skipSpace();
                Matcher.Op op = operator(label);
                skipSpace();
                int valueAt = pos;
                String value = string(label + symbol(op));
                if (name != null && label.equals(Labels.METRIC_NAME)) {
                    throw error(labelAt, "metric name must not be set twice: \"" + name + "\" before the braces "
                            + "and " + label + symbol(op) + "\"" + value + "\" inside them");
                }
                if (op == Matcher.Op.RE || op == Matcher.Op.NRE) {
                    checkRegex(value, valueAt);
                }
                matchers.add(Matcher.of(label, op, value));
                skipSpace();
                if (peek() == ',') {
                    pos++;
                } else if (peek() != '}') {
                    throw error(pos, "expected `,` or `}` after " + label + symbol(op) + "\"...\", got "
                            + describe(pos));
                }
            }
        }

        private Matcher.Op operator(String label) {
            int c = peek();
            if (c == '=') {
                pos++;
                if (peek() == '~') {
                    pos++;
                    return Matcher.Op.RE;
                }
                return Matcher.Op.EQ;
            }
            if (c == '!' && (peekAt(pos + 1) == '=' || peekAt(pos + 1) == '~')) {
                pos += 2;
                return text.charAt(pos - 1) == '=' ? Matcher.Op.NEQ : Matcher.Op.NRE;
            }
            throw error(pos, "expected `=`, `!=`, `=~` or `!~` after the label name " + label + ", got "
                    + describe(pos));
        }

        private String string(String after) {
            int open = peek();
            if (open == '`') {
                int start = ++pos;
                int end = text.indexOf('`', start);
                if (end < 0) {
                    throw error(start - 1, "unterminated raw string (no closing backtick)");
                }
                pos = end + 1;
                return text.substring(start, end);
            }
            if (open != '"' && open != '\'') {
                throw error(pos, "expected a quoted string after " + after + ", got " + describe(pos));
            }
            int start = pos++;
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            while (true) {
                int c = peek();
                if (c == EOF) {
                    throw error(start, "unterminated string (no closing " + (char) open + ")");
                }
                if (c == '\n') {
                    throw error(pos, "line break inside a quoted string (write \\n, or use a `raw string`)");
                }
                if (c == open) {
                    pos++;
                    return utf8(bytes, start);
                }
                if (c == '\\') {
                    escape(open, bytes);
                    continue;
                }
                int cp = text.codePointAt(pos);
                if (Character.isSurrogate((char) cp) && cp <= 0xFFFF) {
                    throw error(pos, "not a character (a lone UTF-16 surrogate)");
                }
                bytes.writeBytes(Character.toString(cp).getBytes(StandardCharsets.UTF_8));
                pos += Character.charCount(cp);
            }
        }

        /** One escape sequence at {@code pos} (a backslash), as Go's strconv.Unquote reads it. */
        private void escape(int open, ByteArrayOutputStream bytes) {
            int at = pos++;
            int c = peek();
            if (c == EOF) {
                throw error(at, "escape sequence not terminated");
            }
            pos++;
            switch (c) {
                case 'a' -> bytes.write(7);
                case 'b' -> bytes.write('\b');
                case 'f' -> bytes.write('\f');
                case 'n' -> bytes.write('\n');
                case 'r' -> bytes.write('\r');
                case 't' -> bytes.write('\t');
                case 'v' -> bytes.write(11);
                case '\\' -> bytes.write('\\');
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    pos--;
                    int value = digits(at, 3, 8);
                    if (value > 255) {
                        throw error(at, "octal escape " + text.substring(at, pos) + " is above \\377");
                    }
                    bytes.write(value);
                }
                case 'x' -> bytes.write(digits(at, 2, 16));
                case 'u', 'U' -> {
                    int value = digits(at, c == 'u' ? 4 : 8, 16);
                    if (value < 0 || value > Character.MAX_CODE_POINT || value >= 0xD800 && value < 0xE000) {
                        throw error(at, "escape sequence " + text.substring(at, pos) + " is not a Unicode code point");
                    }
                    bytes.writeBytes(Character.toString(value).getBytes(StandardCharsets.UTF_8));
                }
                default -> {
                    if (c != open) {
                        String seq = "\\" + Character.toString(text.codePointAt(at + 1));
                        throw error(at, "unknown escape sequence " + seq + (c == '"' || c == '\''
                                ? " (inside " + (char) open + "..." + (char) open + " only " + (char) open
                                + " is escaped)" : ""));
                    }
                    bytes.write(c);
                }
            }
        }

        private int digits(int escapeAt, int count, int radix) {
            long value = 0;
            for (int i = 0; i < count; i++) {
                int c = peek();
                if (c == EOF) {
                    throw error(escapeAt, "escape sequence not terminated");
                }
                int d = Character.digit(c, radix);
                if (d < 0 || c > 0x7f) {
                    throw error(pos, "illegal character " + describe(pos) + " in escape sequence "
                            + text.substring(escapeAt, pos) + " (expected " + count + " "
                            + (radix == 8 ? "octal" : "hexadecimal") + " digits)");
                }
                value = value * radix + d;
                pos++;
            }
            return value > Integer.MAX_VALUE ? -1 : (int) value;
        }

        private String utf8(ByteArrayOutputStream bytes, int start) {
            try {
                return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
            } catch (CharacterCodingException e) {
                throw error(start, "the string is not valid UTF-8 (check its \\x and octal escapes)");
            }
        }

        private void checkRegex(String value, int valueAt) {
            try {
                // Alone first: a value such as "a)|(b" compiles inside the anchoring group but escapes it.
                Pattern.compile(value);
            } catch (PatternSyntaxException e) {
                throw error(valueAt, "invalid regular expression \"" + value + "\": " + e.getDescription());
            }
        }

        private void skipSpace() {
            while (true) {
                int c = peek();
                if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                    pos++;
                } else if (c == '#') {
                    while (peek() != EOF && peek() != '\n') {
                        pos++;
                    }
                } else {
                    return;
                }
            }
        }

        private int peek() {
            return peekAt(pos);
        }

        private int peekAt(int i) {
            return i < text.length() ? text.charAt(i) : EOF;
        }

        private String describe(int at) {
            if (at >= text.length()) {
                return "end of input";
            }
            int c = text.codePointAt(at);
            return switch (c) {
                case '`' -> "a backtick";
                case '\n' -> "a line break";
                case '\t' -> "a tab";
                default -> Character.isISOControl(c) ? String.format("control character U+%04X", c)
                        : "`" + Character.toString(c) + "`";
            };
        }

        private SelectorException error(int at, String reason) {
            return new SelectorException(text.codePointCount(0, Math.min(at, text.length())) + 1, reason);
        }
    }
}
