package dev.vigil.promql;

import java.time.Duration;

/**
 * How far back an instant selector looks for a sample (Prometheus's 5 minutes) and the step of a subquery
 * written without one.
 */
public record EngineOptions(Duration lookback, Duration defaultSubqueryStep) {

    public static final Duration DEFAULT_LOOKBACK = Duration.ofMinutes(5);
    public static final Duration DEFAULT_SUBQUERY_STEP = Duration.ofMinutes(1);
    public static final EngineOptions DEFAULTS = new EngineOptions(DEFAULT_LOOKBACK, DEFAULT_SUBQUERY_STEP);

    public EngineOptions {
        if (lookback.isNegative() || lookback.isZero() || defaultSubqueryStep.isNegative()
                || defaultSubqueryStep.isZero()) {
            throw new IllegalArgumentException("the lookback and the default subquery step must be positive");
        }
    }

    long lookbackMs() {
        return lookback.toMillis();
    }

    long defaultSubqueryStepMs() {
        return defaultSubqueryStep.toMillis();
    }
}
