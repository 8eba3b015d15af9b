package dev.vigil.collect;

import dev.vigil.metrics.Reading;

import java.time.Instant;
import java.util.List;

/** Reads the host's resources: the series to store and a summary for live views. */
public interface HostSource {

    /** Reads the host now; {@code at} is the collection's time (rates are measured against the last read). */
    HostSample read(Instant at);

    record HostSample(List<Reading> readings, HostUsage usage) {
        public HostSample {
            readings = List.copyOf(readings);
        }
    }
}
