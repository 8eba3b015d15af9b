package dev.vigil.stack;

import java.time.Duration;

/**
 * Restart the service when the RSS of its process tree stays above {@code maxBytes} for N samples in a row; with
 * {@code predict}, also restart it {@code actBefore} ahead of the crossing a steady leak is predicted to reach
 * (a voluntary disruption: a freeze holds it).
 */
public record MemoryLimit(long maxBytes, int consecutiveSamples, Duration sampleInterval, boolean predict,
                          Duration actBefore) {
    public static final int DEFAULT_CONSECUTIVE_SAMPLES = 3;
    public static final Duration DEFAULT_SAMPLE_INTERVAL = Duration.ofSeconds(1);
    public static final Duration DEFAULT_ACT_BEFORE = Duration.ofMinutes(5);

    /** A limit that acts only once crossed. */
    public MemoryLimit(long maxBytes, int consecutiveSamples, Duration sampleInterval) {
        this(maxBytes, consecutiveSamples, sampleInterval, false, DEFAULT_ACT_BEFORE);
    }

    public static MemoryLimit of(long maxBytes) {
        return new MemoryLimit(maxBytes, DEFAULT_CONSECUTIVE_SAMPLES, DEFAULT_SAMPLE_INTERVAL);
    }
}
