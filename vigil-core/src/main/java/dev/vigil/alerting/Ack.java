package dev.vigil.alerting;

import java.time.Instant;
import java.util.Objects;

/**
 * An acknowledgement of one alert (by fingerprint): its repeats stop until {@code until} or until it resolves,
 * whichever comes first; who acknowledged it, when and why are kept for the record.
 */
public record Ack(String fingerprint, Instant until, String by, String reason, Instant at) {

    public Ack {
        Objects.requireNonNull(fingerprint, "fingerprint");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(by, "by");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(at, "at");
    }

    public boolean activeAt(Instant now) {
        return now.isBefore(until);
    }
}
