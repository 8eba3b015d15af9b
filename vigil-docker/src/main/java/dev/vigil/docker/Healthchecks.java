package dev.vigil.docker;

import com.github.dockerjava.api.model.HealthCheck;
import dev.vigil.stack.ExecProbeSpec;
import dev.vigil.stack.ProbeTiming;
import dev.vigil.stack.ServiceSpec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Translation between a service's exec probe and a container's HEALTHCHECK, both ways. */
final class Healthchecks {

    /** Docker's interval and timeout for a HEALTHCHECK that sets none. */
    private static final Duration IMAGE_DEFAULT_INTERVAL = Duration.ofSeconds(30);

    private Healthchecks() {
    }

    /**
     * The exec probe that becomes the container's HEALTHCHECK: the service's first (a compose healthcheck is one).
     * An engine that runs healthchecks runs it, and {@link ContainerProbes} reads its results instead of running
     * the command again; other exec probes always run through {@link ContainerExec#exec}.
     */
    static Optional<ExecProbeSpec> healthcheck(ServiceSpec spec) {
        return spec.health().stream().filter(ExecProbeSpec.class::isInstance).map(ExecProbeSpec.class::cast)
                .findFirst();
    }

    static HealthCheck toEngine(ExecProbeSpec exec) {
        ProbeTiming t = exec.timing();
        // The engine's floor for these durations is 1 ms; 0 means its default.
        return new HealthCheck().withTest(test(exec.command()))
                .withInterval(Math.max(1_000_000L, t.interval().toNanos()))
                .withTimeout(Math.max(1_000_000L, t.timeout().toNanos()))
                .withStartPeriod(t.startPeriod().isZero() ? 0L : Math.max(1_000_000L, t.startPeriod().toNanos()))
                .withRetries(t.failureThreshold());
    }

    /** An image's HEALTHCHECK as an exec probe, with Docker's defaults for what it leaves unset (30s, 30s, 0s, 3). */
    static Optional<ExecProbeSpec> probeOf(HealthCheck healthcheck) {
        if (healthcheck == null || healthcheck.getTest() == null || healthcheck.getTest().isEmpty()) {
            return Optional.empty();
        }
        List<String> test = healthcheck.getTest();
        List<String> rest = test.subList(1, test.size());
        List<String> command;
        switch (test.get(0)) {
            case "CMD" -> command = rest;
            case "CMD-SHELL" -> command = List.of("/bin/sh", "-c", String.join(" ", rest));
            default -> {
                return Optional.empty();
            }
        }
        if (command.isEmpty()) {
            return Optional.empty();
        }
        ProbeTiming timing = new ProbeTiming(
                nanos(healthcheck.getInterval()).orElse(IMAGE_DEFAULT_INTERVAL),
                nanos(healthcheck.getTimeout()).orElse(IMAGE_DEFAULT_INTERVAL),
                nanos(healthcheck.getStartPeriod()).orElse(Duration.ZERO),
                healthcheck.getRetries() == null || healthcheck.getRetries() <= 0 ? 3 : healthcheck.getRetries(),
                ProbeTiming.DEFAULT_SUCCESS_THRESHOLD);
        return Optional.of(new ExecProbeSpec(command, timing));
    }

    private static Optional<Duration> nanos(Long value) {
        return value == null || value <= 0 ? Optional.empty() : Optional.of(Duration.ofNanos(value));
    }

    /**
     * The HEALTHCHECK test for a command: {@code CMD} and the arguments when none holds whitespace, else
     * {@code CMD-SHELL}, since Podman 4 splits {@code CMD} arguments at spaces. A {@code sh -c SCRIPT} command (what
     * a compose {@code CMD-SHELL} test becomes) is that script; any other is its arguments, each single-quoted.
     */
    static List<String> test(List<String> command) {
        if (command.stream().noneMatch(a -> a.isEmpty() || a.chars().anyMatch(Character::isWhitespace))) {
            List<String> test = new ArrayList<>(List.of("CMD"));
            test.addAll(command);
            return test;
        }
        if (command.size() == 3 && List.of("sh", "/bin/sh").contains(command.get(0)) && command.get(1).equals("-c")) {
            return List.of("CMD-SHELL", command.get(2));
        }
        return List.of("CMD-SHELL", String.join(" ",
                command.stream().map(a -> "'" + a.replace("'", "'\\''") + "'").toList()));
    }
}
