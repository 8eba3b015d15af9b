package dev.vigil.supervise;

import dev.vigil.stack.Dependency;
import dev.vigil.stack.HttpProbeSpec;
import dev.vigil.stack.ProbeTiming;
import dev.vigil.stack.RestartSpec;
import dev.vigil.stack.ServiceSpec;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Test builders for service specs. */
final class Specs {

    static final RestartSpec.Backoff NO_JITTER =
            new RestartSpec.Backoff(Duration.ofSeconds(1), Duration.ofSeconds(30), 2.0, 0.0);

    private Specs() {
    }

    /** A service with no probes and default restart behaviour without jitter. */
    static ServiceSpec aService(String name) {
        return ServiceSpec.of(name, List.of("/bin/true"), Path.of("/tmp"))
                .withRestart(RestartSpec.DEFAULT.withBackoff(NO_JITTER));
    }

    /** Probes every 1s, timeout 1s, start period 10s, failure threshold 3, success threshold 1. */
    static ServiceSpec aProbedService(String name) {
        ProbeTiming timing = new ProbeTiming(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(10), 3, 1);
        return aService(name).withHealth(List.of(HttpProbeSpec.of(URI.create("http://127.0.0.1:1/" + name), timing)));
    }

    static ServiceSpec dependingOn(ServiceSpec spec, Dependency... deps) {
        return spec.withDependsOn(List.of(deps));
    }

    static ServiceSpec withLimit(ServiceSpec spec, int count, Duration window) {
        return spec.withRestart(spec.restart().withLimit(Optional.of(new RestartSpec.RestartLimit(count, window))));
    }
}
