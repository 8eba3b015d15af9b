package dev.vigil.docker;

import java.time.Instant;
import java.util.List;

/**
 * What the engine itself knows of a container's HEALTHCHECK: the checks it ran (its {@code State.Health.Log},
 * the last few, oldest first) since the container started. Empty when the engine runs no healthchecks for it,
 * as Podman without systemd never does.
 */
public record EngineHealth(String containerId, Instant startedAt, List<Check> checks) {

    public EngineHealth {
        checks = checks.stream().filter(c -> !c.start().isBefore(startedAt)).sorted(
                java.util.Comparator.comparing(Check::start)).toList();
    }

    /** One check the engine ran: when, and how it ended ({@code exitCode} -1 when it timed out). */
    public record Check(Instant start, Instant end, int exitCode, String output) {
    }
}
