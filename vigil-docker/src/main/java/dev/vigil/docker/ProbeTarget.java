package dev.vigil.docker;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** What {@link ContainerProbes} needs of the container runtime: the stack's containers, exec, and the engine's checks. */
public interface ProbeTarget {

    /** The stack whose containers these are (containers are named after it). */
    String stack();

    /** Runs a command inside a running container and waits for it (at most {@code timeout}). */
    ExecResult exec(String containerId, List<String> cmd, Duration timeout);

    /** The healthcheck results the engine itself recorded for a container since it started; empty when it is gone. */
    Optional<EngineHealth> engineHealth(String container);
}
