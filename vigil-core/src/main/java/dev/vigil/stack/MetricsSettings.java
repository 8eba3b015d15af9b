package dev.vigil.stack;

import java.time.Duration;

/**
 * The stack file's top-level {@code metrics:} section: how often usage is collected and how long the store keeps
 * what it holds.
 *
 * @param interval how often every service's and the host's usage is collected
 * @param raw how long samples are kept as collected
 * @param minute how long the 1-minute rollups are kept
 * @param hour how long the 1-hour rollups are kept
 * @param maxDiskBytes the most the store may take on disk; the oldest data goes first
 */
public record MetricsSettings(Duration interval, Duration raw, Duration minute, Duration hour, long maxDiskBytes) {

    public static final MetricsSettings DEFAULT = new MetricsSettings(Duration.ofSeconds(5), Duration.ofDays(2),
            Duration.ofDays(30), Duration.ofDays(365), 1L << 30);
}
