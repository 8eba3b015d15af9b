package dev.vigil.event;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Why an instance is stopped or replaced: a closed set. Healing causes (crash, unhealthy, memory) never wait for
 * anything; the others are voluntary disruptions and pass the disruption gate first.
 */
public enum Cause {
    CRASH(false),
    UNHEALTHY(false),
    MEMORY(false),
    PREDICTED(true),
    DRIFT(true),
    OPERATOR(true),
    APPLY(true),
    ROLLBACK(true),
    PROFILE(true),
    DEPLOY(true),
    CHAOS(true),
    /** An alerting rule's response. */
    ALERT(true);

    private final boolean voluntary;

    Cause(boolean voluntary) {
        this.voluntary = voluntary;
    }

    /** True for a disruption someone or something chose (it asks the gate); false for healing. */
    public boolean voluntary() {
        return voluntary;
    }

    /** The name users write and read: {@code crash}, {@code operator}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return label();
    }

    public static Optional<Cause> parse(String text) {
        return Arrays.stream(values()).filter(c -> c.label().equals(text.strip().toLowerCase(Locale.ROOT))).findFirst();
    }

    /** Every label, for messages: {@code crash, unhealthy, ...}. */
    public static String labels() {
        return Arrays.stream(values()).map(Cause::label).collect(Collectors.joining(", "));
    }
}
