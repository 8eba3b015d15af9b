package dev.vigil.metrics;

/**
 * A store's counters since it was opened, and its size now.
 *
 * @param series         series known
 * @param appended       samples stored
 * @param outOfOrder     samples rejected for being older than their series' newest
 * @param duplicates     samples ignored: same time and value as their series' newest
 * @param conflicts      samples rejected: same time as their series' newest, another value
 * @param bytesOnDisk    bytes the store takes on disk (0 for one in memory)
 * @param pendingBytes   compressed data held in memory because it could not be written yet (a full disk)
 * @param corruptChunks  chunks skipped because they failed their checksum
 */
public record MetricStoreStats(long series, long appended, long outOfOrder, long duplicates, long conflicts,
                               long bytesOnDisk, long pendingBytes, long corruptChunks) {
}
