package dev.vigil.scrape;

/** An exposition that cannot be read: where and why. Nothing of it is kept. */
public final class ExpositionException extends Exception {

    private final int line;

    public ExpositionException(int line, String message) {
        super(line > 0 ? "line " + line + ": " + message : message);
        this.line = line;
    }

    /** The line the problem is on, counted from 1; 0 for a problem with the whole exposition. */
    public int line() {
        return line;
    }
}
