package dev.vigil.scrape;

/** An exposition that cannot be read: where and why. Nothing of it is kept. */
public final class ExpositionException extends Exception {

    private final int line;
    private final boolean overLimit;

    public ExpositionException(int line, String message) {
        this(line, message, false);
    }

    private ExpositionException(int line, String message, boolean overLimit) {
        super(line > 0 ? "line " + line + ": " + message : message);
        this.line = line;
        this.overLimit = overLimit;
    }

    /** More samples than the limit: refused for its size, whatever the rest of it holds. */
    static ExpositionException overLimit(int line, int limit) {
        return new ExpositionException(line, "more than " + limit + " samples (the target's sample limit)", true);
    }

    /** The line the problem is on, counted from 1; 0 for a problem with the whole exposition. */
    public int line() {
        return line;
    }

    /** True when the exposition was refused for having more samples than its limit, not for its syntax. */
    public boolean overLimit() {
        return overLimit;
    }
}
