package dev.vigil.health;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The latest known state of one probe of the current instance.
 *
 * @param probe the probe as written for people, e.g. {@code http GET http://127.0.0.1:8080/health}
 * @param status its verdict after thresholds
 * @param lastResult the outcome of its last run ({@code healthy}, {@code unhealthy} or {@code unknown})
 * @param detail what the last run saw, e.g. {@code 200 in 3ms}
 * @param checkedAt when the last run finished, empty before the first
 */
public record ProbeReport(String probe, ProbeStatus status, String lastResult, String detail,
                          Optional<Instant> checkedAt, Duration took) {

    static ProbeReport notYetRun(String probe) {
        return new ProbeReport(probe, ProbeStatus.UNKNOWN, "none", "", Optional.empty(), Duration.ZERO);
    }
}
