package dev.vigil.metrics;

import java.time.Instant;

/**
 * Something a store wants an operator to know: data it could not write, could not read, or had to drop. The
 * daemon turns these into events; the store itself goes on.
 */
public record StorageProblem(Instant at, Kind kind, String message) {

    public enum Kind {
        /** Writes fail (a full disk, an I/O error): new data is held in memory within a bound. */
        WRITE_FAILED,
        /** Writes work again; what was held in memory has been written. */
        WRITE_RECOVERED,
        /** Data held in memory past its bound was dropped, oldest first. */
        DROPPED,
        /** A chunk failed its checksum and was skipped. */
        CORRUPT_CHUNK,
        /** Records of the write-ahead log could not be read (a torn or damaged tail) and were skipped. */
        WAL_DAMAGED,
        /** Data was deleted to keep the store within its disk budget. */
        BUDGET_ENFORCED
    }
}
