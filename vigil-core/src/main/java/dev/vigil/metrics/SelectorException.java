package dev.vigil.metrics;

/** A series selector that does not parse; the message starts with the column (from 1) where it went wrong. */
public final class SelectorException extends RuntimeException {

    private final int column;
    private final String reason;

    SelectorException(int column, String reason) {
        super("column " + column + ": " + reason);
        this.column = column;
        this.reason = reason;
    }

    /** Where in the selector, counting characters from 1; one past the end when the selector stops too early. */
    public int column() {
        return column;
    }

    /** What was wrong, without the column. */
    public String reason() {
        return reason;
    }
}
