package dev.vigil.health;

import dev.vigil.stack.ProbeTiming;

import java.util.Optional;

/**
 * Turns a run of results into a verdict: {@code success_threshold} successes in a row make it healthy,
 * {@code failure_threshold} failures in a row unhealthy. Unknown results are thrown away; failures during
 * the start period (before the first healthy verdict) do not count.
 */
public final class ProbeThresholds {

    private final int failureThreshold;
    private final int successThreshold;
    private ProbeStatus status = ProbeStatus.UNKNOWN;
    private int successes;
    private int failures;

    public ProbeThresholds(ProbeTiming timing) {
        this.failureThreshold = timing.failureThreshold();
        this.successThreshold = timing.successThreshold();
    }

    public ProbeStatus status() {
        return status;
    }

    /** Counts one result; returns the new verdict when it changed. */
    public Optional<ProbeStatus> record(ProbeResult result, boolean inStartPeriod) {
        switch (result) {
            case ProbeResult.Unknown ignored -> {
                return Optional.empty();
            }
            case ProbeResult.Healthy ignored -> {
                failures = 0;
                successes++;
                return moveTo(ProbeStatus.HEALTHY, successes >= successThreshold);
            }
            case ProbeResult.Unhealthy ignored -> {
                successes = 0;
                if (inStartPeriod) {
                    return Optional.empty();
                }
                failures++;
                return moveTo(ProbeStatus.UNHEALTHY, failures >= failureThreshold);
            }
        }
    }

    private Optional<ProbeStatus> moveTo(ProbeStatus target, boolean thresholdReached) {
        if (status == target || !thresholdReached) {
            return Optional.empty();
        }
        status = target;
        return Optional.of(target);
    }
}
