package dev.vigil.metrics;

import java.time.Duration;

/** How finely a series is kept: every sample, or one aggregate a minute or an hour, each with its retention. */
public enum Resolution {
    RAW(Duration.ZERO, Duration.ofDays(2)),
    MINUTE(Duration.ofMinutes(1), Duration.ofDays(30)),
    HOUR(Duration.ofHours(1), Duration.ofDays(365));

    private final Duration step;
    private final Duration defaultRetention;

    Resolution(Duration step, Duration defaultRetention) {
        this.step = step;
        this.defaultRetention = defaultRetention;
    }

    /** The width of one aggregate; zero for raw samples. */
    public Duration step() {
        return step;
    }

    public long stepMillis() {
        return step.toMillis();
    }

    public Duration defaultRetention() {
        return defaultRetention;
    }

    /** The start of the bucket holding {@code timestampMs} (the time itself for raw). */
    public long bucketStart(long timestampMs) {
        long step = stepMillis();
        if (step == 0) {
            return timestampMs;
        }
        long q = Math.floorDiv(timestampMs, step);
        return q <= Long.MIN_VALUE / step ? Long.MIN_VALUE : q * step; // open ranges stay open, not wrapped
    }

    /** The last millisecond of the bucket holding {@code timestampMs} (the time itself for raw). */
    public long bucketEnd(long timestampMs) {
        long start = bucketStart(timestampMs);
        long step = stepMillis();
        return step == 0 ? timestampMs : start > Long.MAX_VALUE - step ? Long.MAX_VALUE : start + step - 1;
    }
}
