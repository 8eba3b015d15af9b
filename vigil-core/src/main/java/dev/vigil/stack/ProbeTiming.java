package dev.vigil.stack;

import java.time.Duration;

/**
 * When a probe runs and how many equal results in a row change its verdict.
 *
 * @param startPeriod after a start, failures do not count for this long and the probe runs quickly
 */
public record ProbeTiming(Duration interval, Duration timeout, Duration startPeriod,
                          int failureThreshold, int successThreshold) {

    public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(1);
    public static final Duration DEFAULT_START_PERIOD = Duration.ofSeconds(30);
    public static final int DEFAULT_FAILURE_THRESHOLD = 3;
    public static final int DEFAULT_SUCCESS_THRESHOLD = 1;
    /** How often a probe runs during its start period, at most: a ready service is seen at once. */
    public static final Duration START_PERIOD_INTERVAL = Duration.ofMillis(100);

    public static final ProbeTiming DEFAULT = new ProbeTiming(DEFAULT_INTERVAL, DEFAULT_TIMEOUT,
            DEFAULT_START_PERIOD, DEFAULT_FAILURE_THRESHOLD, DEFAULT_SUCCESS_THRESHOLD);

    /** The interval used while the start period lasts. */
    public Duration startInterval() {
        return interval.compareTo(START_PERIOD_INTERVAL) < 0 ? interval : START_PERIOD_INTERVAL;
    }
}
