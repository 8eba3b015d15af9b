package dev.vigil.stack;

import java.time.Duration;

/** How a service is stopped: this signal to its whole process group, then SIGKILL after the grace period. */
public record StopSpec(Signal signal, Duration grace) {
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);
    public static final StopSpec DEFAULT = new StopSpec(Signal.TERM, DEFAULT_GRACE);
}
