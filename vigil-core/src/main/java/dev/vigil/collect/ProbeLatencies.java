package dev.vigil.collect;

import dev.vigil.health.ProbeObserver;
import dev.vigil.health.ProbeResult;
import dev.vigil.stack.ProbeSpec;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ConcurrentHashMap;

/** Keeps how long each service's latest probe run took, for the collector; one map write per run. */
public final class ProbeLatencies implements ProbeObserver {

    private final Map<String, Double> lastSeconds = new ConcurrentHashMap<>();

    @Override
    public void onResult(String service, ProbeSpec probe, ProbeResult result, Duration took) {
        lastSeconds.put(service, took.toNanos() / 1e9);
    }

    /** Seconds the service's latest probe run took; empty if none ran. */
    public OptionalDouble last(String service) {
        Double seconds = lastSeconds.get(service);
        return seconds == null ? OptionalDouble.empty() : OptionalDouble.of(seconds);
    }

    void forget(String service) {
        lastSeconds.remove(service);
    }
}
