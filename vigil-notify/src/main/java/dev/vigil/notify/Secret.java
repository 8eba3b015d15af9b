package dev.vigil.notify;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A value that must never be shown: a webhook URL with its key, a routing key, a password, a token. Its
 * {@link #toString()} is a mask, so it cannot leak through a log line, an error or a record's string form.
 *
 * @see #reveal() the one way to the value, for the sender that puts it on the wire
 */
public final class Secret {

    public static final String MASK = "***";
    /** Shorter path segments or query values ({@code services}, {@code webhookb2}, an id) are not keys. */
    static final int MIN_PART = 12;

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

    /**
     * {@code text} with every occurrence of this secret masked, and of the parts of a secret URL that are keys on
     * their own (a query value, a long path segment such as Slack's or Discord's token, a password, a bot token's
     * key), which an
     * answer or an error may quote without the rest.
     */
    public String maskIn(String text) {
        String shown = text;
        for (String part : parts()) {
            shown = shown.replace(part, MASK);
        }
        return shown;
    }

    /** Longest first, so that a part inside another is not masked half. */
    private List<String> parts() {
        Set<String> parts = new LinkedHashSet<>();
        if (!value.isEmpty()) {
            parts.add(value);
        }
        int colon = value.indexOf(':');
        if (!value.contains("://") && colon >= 0 && value.length() - colon - 1 >= MIN_PART) {
            // A Telegram bot token is <bot id>:<key>; an answer may quote the key alone.
            parts.add(value.substring(colon + 1));
        }
        if (value.startsWith("http://") || value.startsWith("https://")) {
            try {
                URI uri = new URI(value);
                if (uri.getRawUserInfo() != null) {
                    parts.add(uri.getRawUserInfo());
                    int userEnd = uri.getRawUserInfo().indexOf(':');
                    if (userEnd >= 0) {
                        parts.add(uri.getRawUserInfo().substring(userEnd + 1));
                    }
                }
                if (uri.getRawQuery() != null) {
                    for (String pair : uri.getRawQuery().split("&")) {
                        int eq = pair.indexOf('=');
                        String v = eq >= 0 ? pair.substring(eq + 1) : pair;
                        if (v.length() >= MIN_PART) {
                            parts.add(v);
                        }
                    }
                }
                if (uri.getRawPath() != null) {
                    for (String segment : uri.getRawPath().split("/")) {
                        if (segment.length() >= MIN_PART) {
                            parts.add(segment);
                        }
                    }
                }
            } catch (URISyntaxException e) {
                // Not a URL after all: the whole value is masked, which is all there is to mask.
            }
        }
        List<String> out = new ArrayList<>(parts);
        out.removeIf(String::isEmpty);
        out.sort(Comparator.comparingInt(String::length).reversed());
        return out;
    }

    @Override
    public String toString() {
        return MASK + " (" + source + ")";
    }
}
