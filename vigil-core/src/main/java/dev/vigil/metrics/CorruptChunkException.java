package dev.vigil.metrics;

/** A stored chunk failed its checksum or cannot be decoded; the chunk is skipped, the rest stays readable. */
public final class CorruptChunkException extends MetricStoreException {

    public CorruptChunkException(String message) {
        super(message);
    }
}
