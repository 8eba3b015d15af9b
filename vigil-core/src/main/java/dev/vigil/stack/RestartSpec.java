package dev.vigil.stack;

import java.time.Duration;
import java.util.Optional;

/**
 * How failures turn into restarts.
 *
 * @param resetAfter a run at least this long counts as stable: the next restart is immediate again
 * @param limit at most this many restarts within a window, then the service is given up ({@code failed})
 */
public record RestartSpec(RestartPolicy policy, Backoff backoff, Duration resetAfter, Optional<RestartLimit> limit) {

    public static final Duration DEFAULT_RESET_AFTER = Duration.ofSeconds(30);
    public static final RestartSpec DEFAULT = new RestartSpec(RestartPolicy.ALWAYS, Backoff.DEFAULT,
            DEFAULT_RESET_AFTER, Optional.of(RestartLimit.DEFAULT));

    public RestartSpec withPolicy(RestartPolicy value) {
        return new RestartSpec(value, backoff, resetAfter, limit);
    }

    public RestartSpec withBackoff(Backoff value) {
        return new RestartSpec(policy, value, resetAfter, limit);
    }

    public RestartSpec withResetAfter(Duration value) {
        return new RestartSpec(policy, backoff, value, limit);
    }

    public RestartSpec withLimit(Optional<RestartLimit> value) {
        return new RestartSpec(policy, backoff, resetAfter, value);
    }

    /**
     * Delays between restarts: the first restart after a stable run is immediate, the n-th consecutive one
     * waits {@code initial * multiplier^(n-2)}, capped at {@code max}, spread by +/- {@code jitter} (a fraction).
     */
    public record Backoff(Duration initial, Duration max, double multiplier, double jitter) {
        public static final Backoff DEFAULT = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, 0.2);
    }

    /** At most {@code count} restarts within {@code window}. */
    public record RestartLimit(int count, Duration window) {
        public static final RestartLimit DEFAULT = new RestartLimit(10, Duration.ofMinutes(5));
    }
}
