package dev.vigil.promql;

/** One lexical unit of a query; {@code text} is the decoded value for strings, the source text otherwise. */
record Token(Kind kind, String text, Position pos) {

    enum Kind {
        IDENTIFIER, NUMBER, DURATION, STRING,
        LEFT_PAREN, RIGHT_PAREN, LEFT_BRACE, RIGHT_BRACE, LEFT_BRACKET, RIGHT_BRACKET, COMMA, COLON,
        ASSIGN, NOT_EQUAL, REGEX_MATCH, REGEX_NO_MATCH,
        ADD, SUB, MUL, DIV, MOD, POW, EQUAL, GREATER, LESS, GREATER_EQUAL, LESS_EQUAL, AT,
        EOF
    }

    boolean is(Kind k) {
        return kind == k;
    }

    boolean isKeyword(String word) {
        return kind == Kind.IDENTIFIER && text.equalsIgnoreCase(word);
    }

    String describe() {
        return switch (kind) {
            case EOF -> "end of input";
            case STRING -> "string";
            case IDENTIFIER -> "identifier \"" + text + "\"";
            case NUMBER -> "number \"" + text + "\"";
            case DURATION -> "duration \"" + text + "\"";
            default -> "\"" + text + "\"";
        };
    }
}
