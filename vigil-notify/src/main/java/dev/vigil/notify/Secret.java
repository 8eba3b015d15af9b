package dev.vigil.notify;

/**
 * A value that must never be shown: a webhook URL with its key, a routing key, a password, a token. Its
 * {@link #toString()} is a mask, so it cannot leak through a log line, an error or a record's string form.
 *
 * @see #reveal() the one way to the value, for the sender that puts it on the wire
 */
public final class Secret {

    public static final String MASK = "***";

    private final String value;
    private final String source;

    private Secret(String value, String source) {
        this.value = value;
        this.source = source;
    }

    /** @param source where it came from, shown instead of it: {@code file /run/secrets/slack}, {@code env SLACK_URL} */
    public static Secret of(String value, String source) {
        return new Secret(value, source);
    }

    public String reveal() {
        return value;
    }

    public String source() {
        return source;
    }

    /** {@code text} with every occurrence of this secret masked. */
    public String maskIn(String text) {
        return value.isEmpty() ? text : text.replace(value, MASK);
    }

    @Override
    public String toString() {
        return MASK + " (" + source + ")";
    }
}
