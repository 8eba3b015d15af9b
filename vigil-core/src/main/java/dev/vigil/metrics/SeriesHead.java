package dev.vigil.metrics;

import java.util.function.Consumer;

/**
 * A series' newest samples, compressed as they arrive, and the rule for what may be appended. The chunk is cut
 * (handed to the caller, and a new one begun) when it holds {@code maxSamples} or a sample comes
 * {@code maxSpanMs} or more after its first one.
 */
public final class SeriesHead {

    /** What {@link #admit} decided for a sample. */
    public enum Admission { APPEND, OUT_OF_ORDER, DUPLICATE, CONFLICT }

    /** Prometheus's choice: 120 samples compress well and bound what a query decodes for one point. */
    public static final int DEFAULT_MAX_SAMPLES = 120;
    public static final long DEFAULT_MAX_SPAN_MS = 2 * 60 * 60 * 1000L;

    private final int maxSamples;
    private final long maxSpanMs;
    private XorChunk.Appender chunk = new XorChunk.Appender(1);
    private long lastTime = Long.MIN_VALUE;
    private long lastBits;
    private boolean any;

    public SeriesHead(int maxSamples, long maxSpanMs) {
        if (maxSamples < 1 || maxSamples > XorChunk.MAX_SAMPLES) {
            throw new IllegalArgumentException("a chunk holds 1 to " + XorChunk.MAX_SAMPLES + " samples");
        }
        this.maxSamples = maxSamples;
        this.maxSpanMs = maxSpanMs;
    }

    public SeriesHead() {
        this(DEFAULT_MAX_SAMPLES, DEFAULT_MAX_SPAN_MS);
    }

    /** Sets the newest sample already stored elsewhere (a chunk on disk), so older ones are refused. */
    public void restore(long timestampMs, double value) {
        if (!any || timestampMs > lastTime) {
            lastTime = timestampMs;
            lastBits = Double.doubleToRawLongBits(value);
            any = true;
        }
    }

    public Admission admit(long timestampMs, double value) {
        if (!any || timestampMs > lastTime) {
            return Admission.APPEND;
        }
        if (timestampMs < lastTime) {
            return Admission.OUT_OF_ORDER;
        }
        return Double.doubleToRawLongBits(value) == lastBits ? Admission.DUPLICATE : Admission.CONFLICT;
    }

    /** Appends a sample {@link #admit} allowed; a chunk cut on the way goes to {@code cuts}. */
    public void append(long timestampMs, double value, Consumer<Chunk> cuts) {
        if (chunk.count() > 0 && timestampMs - chunk.firstTime() >= maxSpanMs) {
            cuts.accept(cut());
        }
        chunk.append(timestampMs, value);
        lastTime = timestampMs;
        lastBits = Double.doubleToRawLongBits(value);
        any = true;
        if (chunk.count() >= maxSamples) {
            cuts.accept(cut());
        }
    }

    /** Seals the samples held, if any, and starts a new chunk; an empty head gives an empty chunk (count 0). */
    public Chunk cut() {
        Chunk sealed = snapshot();
        chunk = new XorChunk.Appender(1);
        return sealed;
    }

    /** The samples held, sealed, without cutting. */
    public Chunk snapshot() {
        return new Chunk(chunk.firstTime(), chunk.lastTime(), chunk.count(), chunk.seal());
    }

    public int count() {
        return chunk.count();
    }

    public long firstTime() {
        return chunk.firstTime();
    }

    /** The newest sample's time, Long.MIN_VALUE before any. */
    public long lastTime() {
        return lastTime;
    }

    /** Bytes the samples held take, compressed. */
    public int sizeBytes() {
        return chunk.sizeBytes();
    }
}
