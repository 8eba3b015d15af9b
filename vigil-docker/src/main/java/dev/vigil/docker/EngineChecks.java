package dev.vigil.docker;

import dev.vigil.stack.ProbeTiming;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads a container's healthcheck results from the engine, each once, for one probe. Where the engine runs the
 * HEALTHCHECK (Docker; Podman with systemd), every check it runs becomes one probe result, so Vigil's thresholds
 * count the same checks as the engine's retries and the command never runs twice. Where it does not (Podman
 * without systemd), or stops doing so, Vigil runs the command itself.
 *
 * <p>One probe's checks run one at a time, but one abandoned for a silent engine may still be running.
 */
final class EngineChecks {

    /** How long past the next expected check the engine may be late before Vigil stops waiting for it. */
    static final Duration SLACK = Duration.ofSeconds(1);
    /** How often to look again once the engine's next check is due. */
    static final Duration POLL = Duration.ofMillis(100);

    /** What the probe does next. */
    sealed interface Next {
        /** Report this check of the engine's. */
        record Use(EngineHealth.Check check) implements Next {
        }

        /** The engine runs checks but has none newer than the last one used: look again at this time. */
        record WaitUntil(Instant time) implements Next {
        }

        /** The engine runs no checks for this container (or stopped running them): run the command here. */
        record RunItself() implements Next {
        }
    }

    private final ProbeTiming timing;
    private String containerId = "";
    private Instant lastUsed = Instant.MIN;

    EngineChecks(ProbeTiming timing) {
        this.timing = timing;
    }

    /** The next step, given what the engine reports now (empty when the container cannot be inspected). */
    synchronized Next next(Optional<EngineHealth> health, Instant now) {
        if (health.isEmpty() || health.get().checks().isEmpty()) {
            return new Next.RunItself();
        }
        EngineHealth h = health.get();
        if (!h.containerId().equals(containerId)) {
            // A new container: nothing of it has been used yet.
            containerId = h.containerId();
            lastUsed = Instant.MIN;
        }
        EngineHealth.Check newest = h.checks().getLast();
        Instant due = newest.end().plus(timing.interval());
        Instant givenUp = due.plus(timing.timeout()).plus(SLACK);
        if (!now.isBefore(givenUp)) {
            // The engine's last check is older than its schedule allows: it no longer runs them.
            return new Next.RunItself();
        }
        if (newest.start().isAfter(lastUsed)) {
            lastUsed = newest.start();
            return new Next.Use(newest);
        }
        Instant soonest = now.plus(POLL);
        Instant at = due.isAfter(soonest) ? due : soonest;
        return new Next.WaitUntil(at.isAfter(givenUp) ? givenUp : at);
    }
}
