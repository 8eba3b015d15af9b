package dev.vigil.health;

import dev.vigil.stack.ProbeSpec;

import java.time.Duration;

/** Told about every probe run (for metrics); called on the service's lane: return quickly. */
@FunctionalInterface
public interface ProbeObserver {

    ProbeObserver NONE = (service, probe, result, took) -> { };

    void onResult(String service, ProbeSpec probe, ProbeResult result, Duration took);
}
