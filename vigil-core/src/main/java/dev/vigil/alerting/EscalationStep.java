package dev.vigil.alerting;

import java.time.Duration;
import java.util.Objects;

/** One step of an escalation: {@code receiver} is told too when nobody acknowledged within {@code after}. */
public record EscalationStep(String receiver, Duration after) {

    public EscalationStep {
        Objects.requireNonNull(receiver, "receiver");
        if (after.isNegative()) {
            throw new IllegalArgumentException("an escalation step's after must not be negative");
        }
    }
}
