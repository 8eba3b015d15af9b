package dev.vigil.metrics;

/** A sealed {@link XorChunk} of one series with the times of its first and last samples. */
public record Chunk(long startMs, long endMs, int count, byte[] data) {

    public boolean overlaps(long fromMs, long toMs) {
        return startMs <= toMs && endMs >= fromMs;
    }
}
