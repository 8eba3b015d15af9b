package dev.vigil.server.metrics;

import dev.vigil.health.ProbeObserver;
import dev.vigil.health.ProbeResult;
import dev.vigil.stack.ProbeSpec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records every probe run: its duration ({@code vigil_probe_duration_seconds{service,probe}}, a histogram) and its
 * failures ({@code vigil_probe_failures_total{service,probe,result}}). Probes run every few seconds per service, so
 * the meters of a probe are built once, when its worker asks for them ({@link #of}): a run costs no lookup.
 */
final class ProbeMetrics implements ProbeObserver {

    static final String DURATION = "vigil.probe.duration";
    static final String FAILURES = "vigil.probe.failures";

    /** From a local TCP connect (about a millisecond) to the longest timeout worth having (ten seconds). */
    static final Duration[] BUCKETS = {
            Duration.ofMillis(1), Duration.ofNanos(2_500_000), Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10)};

    private final MeterRegistry registry;
    private final Map<String, Map<ProbeSpec, Meters>> byService = new ConcurrentHashMap<>();

    ProbeMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void onResult(String service, ProbeSpec probe, ProbeResult result, Duration took) {
        of(service, probe).onResult(result, took);
    }

    /** The probe's meters, looked up once: a worker records each run without a map lookup or a spec's hash. */
    @Override
    public Runs of(String service, ProbeSpec probe) {
        return byService.computeIfAbsent(service, s -> new ConcurrentHashMap<>())
                .computeIfAbsent(probe, p -> register(service, p));
    }

    private Meters register(String service, ProbeSpec probe) {
        String name = probe.describe();
        Timer duration = Timer.builder(DURATION)
                .description("How long probe runs took")
                .tags("service", service, "probe", name)
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
        return new Meters(duration, failures(service, name, "unhealthy"), failures(service, name, "unknown"));
    }

    private Counter failures(String service, String probe, String result) {
        return Counter.builder(FAILURES)
                .description("Probe runs that did not pass: the target failed (unhealthy) or the checker broke (unknown)")
                .tags("service", service, "probe", probe, "result", result)
                .register(registry);
    }

    private record Meters(Timer duration, Counter unhealthy, Counter unknown) implements Runs {
        @Override
        public void onResult(ProbeResult result, Duration took) {
            duration.record(took);
            switch (result) {
                case ProbeResult.Healthy h -> { }
                case ProbeResult.Unhealthy u -> unhealthy.increment();
                case ProbeResult.Unknown u -> unknown.increment();
            }
        }
    }
}
