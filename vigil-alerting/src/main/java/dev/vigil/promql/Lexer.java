package dev.vigil.promql;

import dev.vigil.promql.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/** Splits a query into tokens, as PromQL's lexer does: Go's string escapes, {@code #} comments, durations. */
final class Lexer {

    private final String src;
    private int i;
    private int line = 1;
    private int lineStart;
    /** Inside {@code [...]} a colon separates a subquery's range and step instead of starting a name. */
    private int brackets;

    private Lexer(String src) {
        this.src = src;
    }

    static List<Token> tokens(String src) {
        return new Lexer(src).all();
    }

    private List<Token> all() {
        List<Token> out = new ArrayList<>();
        while (true) {
            Token t = next();
            out.add(t);
            if (t.is(Kind.EOF)) {
                return out;
            }
        }
    }

    private Position pos() {
        return new Position(i, line, i - lineStart + 1);
    }

    private ParseException error(Position at, String why) {
        return new ParseException(at, why);
    }

    private Token next() {
        skipSpace();
        Position at = pos();
        if (i >= src.length()) {
            return new Token(Kind.EOF, "", at);
        }
        char c = src.charAt(i);
        if (isDigit(c) || c == '.' && i + 1 < src.length() && isDigit(src.charAt(i + 1))) {
            return number(at);
        }
        if (isIdentStart(c) && !(c == ':' && brackets > 0)) {
            int start = i;
            while (i < src.length() && isIdentPart(src.charAt(i))) {
                i++;
            }
            String word = src.substring(start, i);
            if (word.equalsIgnoreCase("inf") || word.equalsIgnoreCase("nan")) {
                return new Token(Kind.NUMBER, word, at);
            }
            return new Token(Kind.IDENTIFIER, word, at);
        }
        if (c == '"' || c == '\'') {
            return quoted(at, c);
        }
        if (c == '`') {
            int end = src.indexOf('`', i + 1);
            if (end < 0) {
                throw error(at, "unterminated raw string");
            }
            String text = src.substring(i + 1, end);
            advanceTo(end + 1);
            return new Token(Kind.STRING, text, at);
        }
        i++;
        return switch (c) {
            case '(' -> new Token(Kind.LEFT_PAREN, "(", at);
            case ')' -> new Token(Kind.RIGHT_PAREN, ")", at);
            case '{' -> new Token(Kind.LEFT_BRACE, "{", at);
            case '}' -> new Token(Kind.RIGHT_BRACE, "}", at);
            case '[' -> {
                brackets++;
                yield new Token(Kind.LEFT_BRACKET, "[", at);
            }
            case ']' -> {
                brackets = Math.max(0, brackets - 1);
                yield new Token(Kind.RIGHT_BRACKET, "]", at);
            }
            case ',' -> new Token(Kind.COMMA, ",", at);
            case ':' -> new Token(Kind.COLON, ":", at);
            case '+' -> new Token(Kind.ADD, "+", at);
            case '-' -> new Token(Kind.SUB, "-", at);
            case '*' -> new Token(Kind.MUL, "*", at);
            case '/' -> new Token(Kind.DIV, "/", at);
            case '%' -> new Token(Kind.MOD, "%", at);
            case '^' -> new Token(Kind.POW, "^", at);
            case '@' -> new Token(Kind.AT, "@", at);
            case '=' -> {
                if (take('=')) {
                    yield new Token(Kind.EQUAL, "==", at);
                }
                yield take('~') ? new Token(Kind.REGEX_MATCH, "=~", at) : new Token(Kind.ASSIGN, "=", at);
            }
            case '!' -> {
                if (take('=')) {
                    yield new Token(Kind.NOT_EQUAL, "!=", at);
                }
                if (take('~')) {
                    yield new Token(Kind.REGEX_NO_MATCH, "!~", at);
                }
                throw error(at, "unexpected character after '!'");
            }
            case '<' -> take('=') ? new Token(Kind.LESS_EQUAL, "<=", at) : new Token(Kind.LESS, "<", at);
            case '>' -> take('=') ? new Token(Kind.GREATER_EQUAL, ">=", at) : new Token(Kind.GREATER, ">", at);
            default -> throw error(at, "unexpected character: '" + printable(c) + "'");
        };
    }

    private static String printable(char c) {
        return c < 32 || c == 127 ? String.format("\\x%02x", (int) c) : String.valueOf(c);
    }

    private boolean take(char c) {
        if (i < src.length() && src.charAt(i) == c) {
            i++;
            return true;
        }
        return false;
    }

    private void advanceTo(int end) {
        for (; i < end; i++) {
            if (src.charAt(i) == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
    }

    private void skipSpace() {
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '#') {
                while (i < src.length() && src.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '\n') {
                i++;
                line++;
                lineStart = i;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                i++;
            } else {
                return;
            }
        }
    }

    private Token number(Position at) {
        int start = i;
        if (src.startsWith("0x", i) || src.startsWith("0X", i)) {
            i += 2;
            while (i < src.length() && Character.digit(src.charAt(i), 16) >= 0) {
                i++;
            }
            if (i == start + 2) {
                throw error(at, "bad number syntax: \"" + src.substring(start, i) + "\"");
            }
        } else {
            digits();
            boolean plain = true;
            if (i < src.length() && src.charAt(i) == '.') {
                plain = false;
                i++;
                digits();
            }
            if (i < src.length() && (src.charAt(i) == 'e' || src.charAt(i) == 'E')) {
                int mark = i;
                i++;
                if (i < src.length() && (src.charAt(i) == '+' || src.charAt(i) == '-')) {
                    i++;
                }
                int d = i;
                digits();
                if (i == d) {
                    i = mark;
                } else {
                    plain = false;
                }
            }
            if (plain && i < src.length() && isUnit(src.charAt(i))) {
                return duration(at, start);
            }
        }
        if (i < src.length() && (isIdentPart(src.charAt(i)) && src.charAt(i) != ':' || src.charAt(i) == '.')) {
            while (i < src.length() && (isIdentPart(src.charAt(i)) && src.charAt(i) != ':' || src.charAt(i) == '.')) {
                i++;
            }
            throw error(at, "bad number or duration syntax: \"" + src.substring(start, i) + "\"");
        }
        return new Token(Kind.NUMBER, src.substring(start, i), at);
    }

    private Token duration(Position at, int start) {
        while (i < src.length() && (isDigit(src.charAt(i)) || isUnit(src.charAt(i)))) {
            i++;
        }
        if (i < src.length() && isIdentPart(src.charAt(i)) && src.charAt(i) != ':') {
            while (i < src.length() && isIdentPart(src.charAt(i)) && src.charAt(i) != ':') {
                i++;
            }
            throw error(at, "bad number or duration syntax: \"" + src.substring(start, i) + "\"");
        }
        String text = src.substring(start, i);
        Durations.parse(text, at);
        return new Token(Kind.DURATION, text, at);
    }

    private void digits() {
        while (i < src.length() && isDigit(src.charAt(i))) {
            i++;
        }
    }

    private Token quoted(Position at, char quote) {
        StringBuilder out = new StringBuilder();
        i++;
        while (true) {
            if (i >= src.length() || src.charAt(i) == '\n') {
                throw error(at, "unterminated quoted string");
            }
            char c = src.charAt(i++);
            if (c == quote) {
                return new Token(Kind.STRING, out.toString(), at);
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (i >= src.length()) {
                throw error(at, "unterminated quoted string");
            }
            char e = src.charAt(i++);
            switch (e) {
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case '\\' -> out.append('\\');
                case '"', '\'' -> {
                    if (e != quote) {
                        throw error(pos(), "unknown escape sequence \\" + e);
                    }
                    out.append(e);
                }
                case 'x' -> out.append((char) hex(2, at));
                case 'u' -> out.appendCodePoint(codePoint(hex(4, at), at));
                case 'U' -> out.appendCodePoint(codePoint(hex(8, at), at));
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int v = e - '0';
                    for (int k = 0; k < 2; k++) {
                        if (i >= src.length() || src.charAt(i) < '0' || src.charAt(i) > '7') {
                            throw error(at, "invalid octal escape in string");
                        }
                        v = v * 8 + (src.charAt(i++) - '0');
                    }
                    if (v > 255) {
                        throw error(at, "octal escape value > 255");
                    }
                    out.append((char) v);
                }
                default -> throw error(at, "unknown escape sequence \\" + printable(e));
            }
        }
    }

    private int codePoint(long v, Position at) {
        if (v > Character.MAX_CODE_POINT || v >= 0xD800 && v < 0xE000) {
            throw error(at, "escape sequence is an invalid Unicode code point");
        }
        return (int) v;
    }

    private long hex(int n, Position at) {
        long v = 0;
        for (int k = 0; k < n; k++) {
            int d = i < src.length() ? Character.digit(src.charAt(i), 16) : -1;
            if (d < 0 || src.charAt(i) > 'f') {
                throw error(at, "invalid hex escape in string");
            }
            v = v * 16 + d;
            i++;
        }
        return v;
    }

    static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isUnit(char c) {
        return c == 's' || c == 'm' || c == 'h' || c == 'd' || c == 'w' || c == 'y';
    }

    static boolean isIdentStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_' || c == ':';
    }

    static boolean isIdentPart(char c) {
        return isIdentStart(c) || isDigit(c);
    }
}
