package dev.vigil.health;

/** One outcome of a probe: the target is healthy, unhealthy, or the checker itself broke (unknown). */
public sealed interface ProbeResult {

    String detail();

    /** The target answered as expected. */
    record Healthy(String detail) implements ProbeResult {
    }

    /** The target failed the check: a value, not an exception ({@code 503 in 12ms}, {@code timed out after 1s}). */
    record Unhealthy(String detail) implements ProbeResult {
    }

    /** The checker could not run (e.g. the exec probe could not be spawned); never counts as a failure. */
    record Unknown(String detail) implements ProbeResult {
    }
}
