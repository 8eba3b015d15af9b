package dev.vigil.promql;

/** Where something was written in a query: line and column from 1, and the character offset from 0. */
public record Position(int offset, int line, int column) {

    public static final Position START = new Position(0, 1, 1);

    @Override
    public String toString() {
        return line + ":" + column;
    }
}
