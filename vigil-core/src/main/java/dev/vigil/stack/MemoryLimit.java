package dev.vigil.stack;

import java.time.Duration;

/** Restart the service when the RSS of its process tree stays above {@code maxBytes} for N samples in a row. */
public record MemoryLimit(long maxBytes, int consecutiveSamples, Duration sampleInterval) {
    public static final int DEFAULT_CONSECUTIVE_SAMPLES = 3;
    public static final Duration DEFAULT_SAMPLE_INTERVAL = Duration.ofSeconds(1);

    public static MemoryLimit of(long maxBytes) {
        return new MemoryLimit(maxBytes, DEFAULT_CONSECUTIVE_SAMPLES, DEFAULT_SAMPLE_INTERVAL);
    }
}
