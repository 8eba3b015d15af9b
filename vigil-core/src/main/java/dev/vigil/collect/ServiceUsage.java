package dev.vigil.collect;

import dev.vigil.runtime.Usage;

import java.time.Instant;
import java.util.OptionalDouble;

/**
 * A service's latest collected usage, what {@code vigil top} shows.
 *
 * @param cpuCores the CPU used between the last two collections, in cores (0.5 is half of one core); empty after
 *                 the first collection of an instance
 * @param memoryLimitBytes the limit its memory is held to: Vigil's {@code memory_limit}, else the container's; 0 if none
 * @param probeSeconds how long its last probe run took; empty without probes
 */
public record ServiceUsage(String service, Instant at, Usage usage, OptionalDouble cpuCores, long memoryLimitBytes,
                           OptionalDouble probeSeconds) {
}
