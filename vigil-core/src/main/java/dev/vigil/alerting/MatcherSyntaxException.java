package dev.vigil.alerting;

/** A matcher that cannot be read, with the position (from 1) in its text where reading stopped. */
public final class MatcherSyntaxException extends IllegalArgumentException {

    private final int column;

    public MatcherSyntaxException(String text, int column, String why) {
        super(why + " at column " + column + " of \"" + text + "\"");
        this.column = column;
    }

    public int column() {
        return column;
    }
}
