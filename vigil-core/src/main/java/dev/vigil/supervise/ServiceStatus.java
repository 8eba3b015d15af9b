package dev.vigil.supervise;

import dev.vigil.health.ProbeStatus;

import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A snapshot of one service for status views.
 *
 * @param restarts restarts since Vigil started supervising it
 * @param since when it entered its current state
 * @param startedAt when the current instance started
 * @param reason why it is in its current state
 */
public record ServiceStatus(String name, ServiceState state, ProbeStatus health, boolean hasProbes, int restarts,
                            OptionalLong pid, Instant since, Optional<Instant> startedAt, String reason) {

    public static ServiceStatus initial(String name, boolean hasProbes, Instant now) {
        return new ServiceStatus(name, ServiceState.PENDING, ProbeStatus.UNKNOWN, hasProbes, 0, OptionalLong.empty(),
                now, Optional.empty(), "");
    }
}
