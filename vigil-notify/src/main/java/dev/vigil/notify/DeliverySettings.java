package dev.vigil.notify;

import java.time.Duration;
import java.util.Optional;

/**
 * How hard delivery tries: the queue per receiver config, retries with exponential backoff and jitter, and the
 * circuit breaker that stops hammering a receiver that is down.
 *
 * @param maxAttempts tries per notification before it is dead-lettered, the first one included
 * @param maxRetryAfter the longest a receiver's {@code Retry-After} is waited for
 * @param timeout how long one try may take to connect, and then to be answered
 * @param breakerWindow how many recent tries the breaker looks at
 * @param breakerMinimumCalls tries needed before the breaker judges at all
 * @param breakerFailureRate the percentage of failed tries that opens it
 * @param breakerOpenFor how long it stays open before one try is let through (half-open)
 */
public record DeliverySettings(int queueCapacity, int maxAttempts, Duration initialBackoff, Duration maxBackoff,
                               Duration maxRetryAfter, Duration timeout, int breakerWindow, int breakerMinimumCalls,
                               float breakerFailureRate, Duration breakerOpenFor) {

    public static final DeliverySettings DEFAULT = new DeliverySettings(2048, 6, Duration.ofSeconds(1),
            Duration.ofMinutes(2), Duration.ofMinutes(10), Http.DEFAULT_TIMEOUT, 10, 5, 50f, Duration.ofMinutes(1));

    /**
     * The wait after {@code failed} failed tries: the receiver's Retry-After if it gave one (up to
     * {@link #maxRetryAfter}), else {@code initialBackoff · 2^(failed-1)} up to {@link #maxBackoff}, of which a
     * random half is taken away ("equal jitter") so that receivers recovering together are not hit in step.
     *
     * @param random uniform in [0, 1)
     */
    public Duration backoff(int failed, Optional<Duration> retryAfter, double random) {
        if (retryAfter.isPresent()) {
            return retryAfter.get().compareTo(maxRetryAfter) > 0 ? maxRetryAfter : retryAfter.get();
        }
        long base = initialBackoff.toMillis();
        long full = failed - 1 >= 31 ? maxBackoff.toMillis()
                : Math.min(maxBackoff.toMillis(), base * (1L << Math.max(0, failed - 1)));
        return Duration.ofMillis(full / 2 + (long) (random * (full - full / 2)));
    }
}
