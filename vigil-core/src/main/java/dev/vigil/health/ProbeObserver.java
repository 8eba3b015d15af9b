package dev.vigil.health;

import dev.vigil.stack.ProbeSpec;

import java.time.Duration;

/** Told about every probe run (for metrics); called on the service's lane: return quickly. */
@FunctionalInterface
public interface ProbeObserver {

    ProbeObserver NONE = (service, probe, result, took) -> { };

    void onResult(String service, ProbeSpec probe, ProbeResult result, Duration took);

    /** Tells both, {@code this} first. */
    default ProbeObserver andThen(ProbeObserver next) {
        return (service, probe, result, took) -> {
            onResult(service, probe, result, took);
            next.onResult(service, probe, result, took);
        };
    }
}
