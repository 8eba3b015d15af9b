package dev.vigil.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a token may do; each role includes the ones before it. */
public enum Role {
    /** Read stack, services, events, logs, metrics. */
    VIEWER,
    /** Also start, stop and restart services. */
    OPERATOR,
    /** Also manage tokens, read and verify the audit trail, change configuration. */
    ADMIN;

    public boolean includes(Role needed) {
        return compareTo(needed) >= 0;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> parse(String text) {
        return Arrays.stream(values()).filter(r -> r.label().equals(text)).findFirst();
    }
}
