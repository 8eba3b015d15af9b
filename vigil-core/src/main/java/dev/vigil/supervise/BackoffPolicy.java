package dev.vigil.supervise;

import dev.vigil.stack.RestartSpec.Backoff;

import java.time.Duration;

/**
 * The delay before the n-th consecutive restart: the first is immediate (a crash after a stable run heals at
 * once), then {@code initial * multiplier^(n-2)} capped at {@code max}, spread by +/- jitter so services that
 * failed together do not restart together.
 */
public final class BackoffPolicy {

    private final Backoff backoff;

    public BackoffPolicy(Backoff backoff) {
        this.backoff = backoff;
    }

    /**
     * @param attempt 1 for the first restart since the last stable run
     * @param random uniform in [0, 1): the jitter draw
     */
    public Duration delay(int attempt, double random) {
        if (attempt <= 1) {
            return Duration.ZERO;
        }
        double base = backoff.initial().toNanos() * Math.pow(backoff.multiplier(), attempt - 2.0);
        double capped = Math.min(base, backoff.max().toNanos());
        double spread = capped * backoff.jitter() * (2 * random - 1);
        return Duration.ofNanos(Math.max(0, Math.round(capped + spread)));
    }
}
