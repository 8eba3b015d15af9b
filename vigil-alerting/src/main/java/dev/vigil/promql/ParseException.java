package dev.vigil.promql;

/**
 * A query refused at load: a syntax or type error, or a construct outside the supported subset (the message then
 * starts with {@code not supported: }). The message ends with where it was found.
 */
public final class ParseException extends PromqlException {

    private final Position position;
    private final String reason;

    ParseException(Position position, String reason) {
        super(reason + " at " + position);
        this.position = position;
        this.reason = reason;
    }

    public Position position() {
        return position;
    }

    /** The message without the position. */
    public String reason() {
        return reason;
    }

    public boolean notSupported() {
        return reason.startsWith("not supported: ");
    }
}
