package dev.vigil.store;

import dev.vigil.metrics.Aggregate;
import dev.vigil.metrics.Aggregator;
import dev.vigil.metrics.Chunk;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Resolution;
import dev.vigil.metrics.SeriesHead;
import dev.vigil.metrics.XorChunk;

import java.util.ArrayList;
import java.util.List;

/**
 * One series as the SQLite metric store holds it in memory: its head, chunks cut but not yet written, and its
 * rollups, computed as samples arrive (the bucket in progress, then the aggregates not yet cut into a chunk).
 * Guarded by the store's lock.
 */
final class StoredSeries {

    /** Aggregates per rollup chunk, per resolution (ordinal): 2 hours of minutes, a day of hours. */
    static final int[] ROLLUP_CHUNK = {0, 120, 24};

    final int id;
    final Labels labels;
    final SeriesHead head;
    /** Whether the series row exists in the database. */
    boolean inDatabase;
    /** Samples older than this are refused: their minute (or hour) has been rolled up already. */
    long minValidMs = Long.MIN_VALUE;
    /** The newest raw sample already in the database; replaying the WAL skips what is not newer. */
    long persistedRawEnd = Long.MIN_VALUE;

    /** Chunks cut but not written yet, per resolution (ordinal), oldest first. */
    final List<List<Chunk>> unwritten = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    /** Rollups of buckets before this are done (in a rollup head or chunk), per resolution; RAW's is unused. */
    final long[] rolledTo = {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
    /** Rollups are in the database for buckets before this, per resolution. */
    final long[] writtenTo = {Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE};
    /** After a rollup chunk in {@link #unwritten} is written, its writtenTo; parallel to unwritten's lists. */
    final List<List<Long>> unwrittenRolledTo = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    /** Aggregates computed but not yet cut into a chunk: min, max, sum, count, last per bucket start. */
    final XorChunk.Appender[] rollupHeads = {null, new XorChunk.Appender(5), new XorChunk.Appender(5)};
    /** The bucket in progress per resolution. */
    final Aggregator[] aggregators = {null, new Aggregator(Resolution.MINUTE, a -> rolledUp(Resolution.MINUTE, a)),
            new Aggregator(Resolution.HOUR, a -> rolledUp(Resolution.HOUR, a))};

    StoredSeries(int id, Labels labels, int chunkSamples) {
        this.id = id;
        this.labels = labels;
        this.head = new SeriesHead(chunkSamples, SeriesHead.DEFAULT_MAX_SPAN_MS);
    }

    boolean hasUnwritten() {
        for (List<Chunk> chunks : unwritten) {
            if (!chunks.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    long unwrittenBytes() {
        long bytes = 0;
        for (List<Chunk> chunks : unwritten) {
            for (Chunk c : chunks) {
                bytes += c.data().length;
            }
        }
        return bytes;
    }

    /** Folds an appended sample into the rollups; one in a bucket already done (after a restart) is not. */
    void aggregate(long t, double v) {
        for (int i = 1; i < aggregators.length; i++) {
            if (t >= rolledTo[i]) {
                aggregators[i].add(t, v);
            }
        }
    }

    private void rolledUp(Resolution r, Aggregate a) {
        int i = r.ordinal();
        rollupHeads[i].append(a.startMs(), new double[] {a.min(), a.max(), a.sum(), a.count(), a.last()});
        rolledTo[i] = a.startMs() + r.stepMillis();
        minValidMs = Math.max(minValidMs, rolledTo[i]);
        if (rollupHeads[i].count() >= ROLLUP_CHUNK[i]) {
            cutRollup(r);
        }
    }

    void cutRollup(Resolution r) {
        XorChunk.Appender head = rollupHeads[r.ordinal()];
        if (head.count() == 0) {
            return;
        }
        unwritten.get(r.ordinal()).add(new Chunk(head.firstTime(), head.lastTime(), head.count(), head.seal()));
        unwrittenRolledTo.get(r.ordinal()).add(head.lastTime() + r.stepMillis());
        rollupHeads[r.ordinal()] = new XorChunk.Appender(5);
    }
}
