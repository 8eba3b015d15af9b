package dev.vigil.store;

import dev.vigil.metrics.Aggregate;
import dev.vigil.metrics.AppendResult;
import dev.vigil.metrics.Chunk;
import dev.vigil.metrics.CorruptChunkException;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Matcher;
import dev.vigil.metrics.MetricStore;
import dev.vigil.metrics.MetricStoreStats;
import dev.vigil.metrics.QueryLimits;
import dev.vigil.metrics.Reading;
import dev.vigil.metrics.Resolution;
import dev.vigil.metrics.RollupSeries;
import dev.vigil.metrics.Sample;
import dev.vigil.metrics.Selection;
import dev.vigil.metrics.Selections;
import dev.vigil.metrics.Series;
import dev.vigil.metrics.SeriesHead;
import dev.vigil.metrics.StorageProblem;
import dev.vigil.metrics.XorChunk;
import dev.vigil.time.Scheduler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The embedded time-series store: {@code metrics.db} (SQLite, WAL mode, incremental auto-vacuum) holds
 * compressed chunks ({@link XorChunk}, each with its CRC32C) of raw samples and of 1-minute and 1-hour rollups;
 * {@code metrics.wal} holds what was appended since, so a kill -9 loses at most the batch being written. Each
 * series keeps its newest samples in memory (its head) until they fill a chunk (120 samples or 2 hours).
 *
 * <p>A compaction step, every minute on the injected scheduler, rolls complete minutes and hours up, writes the
 * chunks cut since the last step in one transaction, deletes what is past each resolution's retention, keeps the
 * files within the disk budget (oldest chunks first) and rewrites the WAL to hold only the heads.
 */
public final class SqliteMetricStore implements MetricStore {

    public static final String DB_FILE = "metrics.db";
    public static final String WAL_FILE = "metrics.wal";
    static final List<String> SCRIPTS = List.of("v001__create_metrics.sql");

    /** How a store keeps its data; {@link #defaults()} are the issue's: raw 2 days, 1m 30 days, 1h 1 year, 1 GB. */
    public record Options(Map<Resolution, Duration> retention, long diskBudgetBytes, long memoryBudgetBytes,
                          Duration compactEvery, QueryLimits limits, int chunkSamples,
                          Consumer<StorageProblem> problems, Executor compactor) {

        public static final long DEFAULT_DISK_BUDGET = 1L << 30;
        public static final long DEFAULT_MEMORY_BUDGET = 64L << 20;

        public Options {
            retention = Map.copyOf(retention);
            for (Resolution r : Resolution.values()) {
                if (!retention.containsKey(r)) {
                    throw new IllegalArgumentException("no retention for " + r);
                }
            }
            if (diskBudgetBytes < 256 * 1024) {
                throw new IllegalArgumentException("a disk budget under 256K leaves no room for data");
            }
        }

        public static Options defaults() {
            Map<Resolution, Duration> retention = new EnumMap<>(Resolution.class);
            for (Resolution r : Resolution.values()) {
                retention.put(r, r.defaultRetention());
            }
            return new Options(retention, DEFAULT_DISK_BUDGET, DEFAULT_MEMORY_BUDGET, Duration.ofMinutes(1),
                    QueryLimits.DEFAULT, SeriesHead.DEFAULT_MAX_SAMPLES, p -> { },
                    task -> Thread.ofVirtual().name("metrics-compaction").start(task));
        }

        public Options withRetention(Resolution r, Duration keep) {
            Map<Resolution, Duration> changed = new EnumMap<>(retention);
            changed.put(r, keep);
            return new Options(changed, diskBudgetBytes, memoryBudgetBytes, compactEvery, limits, chunkSamples,
                    problems, compactor);
        }

        public Options withDiskBudget(long bytes) {
            return new Options(retention, bytes, memoryBudgetBytes, compactEvery, limits, chunkSamples, problems,
                    compactor);
        }

        public Options withMemoryBudget(long bytes) {
            return new Options(retention, diskBudgetBytes, bytes, compactEvery, limits, chunkSamples, problems,
                    compactor);
        }

        public Options withLimits(QueryLimits l) {
            return new Options(retention, diskBudgetBytes, memoryBudgetBytes, compactEvery, l, chunkSamples,
                    problems, compactor);
        }

        public Options withChunkSamples(int samples) {
            return new Options(retention, diskBudgetBytes, memoryBudgetBytes, compactEvery, limits, samples,
                    problems, compactor);
        }

        public Options withProblems(Consumer<StorageProblem> sink) {
            return new Options(retention, diskBudgetBytes, memoryBudgetBytes, compactEvery, limits, chunkSamples,
                    sink, compactor);
        }

        public Options withCompactEvery(Duration every) {
            return new Options(retention, diskBudgetBytes, memoryBudgetBytes, every, limits, chunkSamples, problems,
                    compactor);
        }

        /** Where the scheduled compaction runs; a test passes {@code Runnable::run} to run it on the clock. */
        public Options withCompactor(Executor executor) {
            return new Options(retention, diskBudgetBytes, memoryBudgetBytes, compactEvery, limits, chunkSamples,
                    problems, executor);
        }

        /** Room kept inside the budget for the store's WAL (half of it is the WAL's limit). */
        long logReserve() {
            return Math.max(64 * 1024, Math.min(diskBudgetBytes / 8, 64L << 20));
        }
    }

    private final Path dir;
    private final Scheduler scheduler;
    private volatile Options options;
    private final MetricTables tables;
    private final List<String> openNotes;
    private final Object lock = new Object();
    private final Map<Labels, StoredSeries> byLabels = new HashMap<>();
    private final Map<Integer, StoredSeries> byId = new HashMap<>();
    /** The series of each metric name: a selection that names its metric looks at those alone. */
    private final Map<String, List<Labels>> byName = new HashMap<>();
    private final Set<Long> reportedCorrupt = ConcurrentHashMap.newKeySet();
    private final AtomicLong corruptChunks = new AtomicLong();
    private final AtomicBoolean compacting = new AtomicBoolean();
    private MetricWal wal;
    private int nextId = 1;
    private int[] ids = new int[256];
    private double[] values = new double[256];
    private long appended;
    private long outOfOrder;
    private long duplicates;
    private long conflicts;
    private long lastCheckpointBytes;
    private boolean walBroken;
    private boolean writesFailing;
    private boolean failWritesForTest;
    private Scheduler.Cancellable timer = () -> { };
    private volatile boolean closed;

    private SqliteMetricStore(Path dir, Scheduler scheduler, Options options, MetricTables tables,
                              List<String> notes) {
        this.dir = dir;
        this.scheduler = scheduler;
        this.options = options;
        this.tables = tables;
        this.openNotes = notes;
    }

    /**
     * Changes how long each resolution is kept and the disk budget, from the next compaction on (an applied stack
     * file's {@code metrics.retention} and {@code metrics.max_disk}).
     */
    public void retain(Map<Resolution, Duration> retention, long diskBudgetBytes) {
        Options o = options;
        for (Map.Entry<Resolution, Duration> e : retention.entrySet()) {
            o = o.withRetention(e.getKey(), e.getValue());
        }
        options = o.withDiskBudget(diskBudgetBytes);
    }

    /**
     * Opens the store in {@code dir} (creating it when missing), replays the WAL and starts the compaction timer.
     * Damage found on the way (a torn WAL tail, a corrupt database moved aside) is in {@link #openNotes()}.
     */
    public static SqliteMetricStore open(Path dir, Scheduler scheduler, Options options) {
        Path absolute = dir.toAbsolutePath();
        List<String> notes = new ArrayList<>();
        MetricTables tables = MetricTables.open(absolute.resolve(DB_FILE), scheduler, options, notes);
        SqliteMetricStore store = new SqliteMetricStore(absolute, scheduler, options, tables, notes);
        try {
            store.load();
        } catch (RuntimeException e) {
            tables.close();
            throw e;
        }
        store.scheduleCompaction();
        return store;
    }

    /** What opening found and repaired; empty when the files were whole. */
    public List<String> openNotes() {
        return List.copyOf(openNotes);
    }

    private void load() {
        synchronized (lock) {
            for (MetricTables.SeriesRow row : tables.loadSeries()) {
                StoredSeries s = register(row.id(), row.labels());
                s.inDatabase = true;
                s.rolledTo[Resolution.MINUTE.ordinal()] = row.rolledMinute();
                s.writtenTo[Resolution.MINUTE.ordinal()] = row.rolledMinute();
                s.rolledTo[Resolution.HOUR.ordinal()] = row.rolledHour();
                s.writtenTo[Resolution.HOUR.ordinal()] = row.rolledHour();
                s.minValidMs = Math.max(row.rolledMinute(), row.rolledHour());
                restoreNewest(s);
                refold(s);
            }
            Path walFile = dir.resolve(WAL_FILE);
            MetricWal.Replayed replayed;
            try {
                replayed = MetricWal.replay(walFile, new Replay());
            } catch (IOException e) {
                throw new StoreException("could not read " + walFile + ": " + e.getMessage(), e);
            }
            openNotes.addAll(replayed.notes());
            for (String note : replayed.notes()) {
                report(StorageProblem.Kind.WAL_DAMAGED, note);
            }
            try {
                wal = MetricWal.openForAppend(walFile, replayed.validLength());
            } catch (IOException e) {
                throw new StoreException("could not open " + walFile + ": " + e.getMessage(), e);
            }
            flushAndCheckpoint(true);
        }
    }

    private void restoreNewest(StoredSeries s) {
        for (MetricTables.ChunkRow row : tables.newestRaw(s.id)) {
            try {
                XorChunk.Reader reader = XorChunk.reader(row.data());
                long t = Long.MIN_VALUE;
                double v = 0;
                while (reader.next()) {
                    t = reader.time();
                    v = reader.value(0);
                }
                s.head.restore(t, v);
                s.persistedRawEnd = t;
                return;
            } catch (CorruptChunkException e) {
                corrupt(row.id(), s, e);
                s.head.restore(row.endMs(), Double.NaN);
                s.persistedRawEnd = Math.max(s.persistedRawEnd, row.endMs());
            }
        }
    }

    // The rollups not yet in a chunk on disk were in memory only: fold the raw samples they came from again.
    private void refold(StoredSeries s) {
        long from = Math.min(s.writtenTo[Resolution.MINUTE.ordinal()], s.writtenTo[Resolution.HOUR.ordinal()]);
        if (from > s.persistedRawEnd) {
            return;
        }
        for (Sample sample : rawSamples(s, List.of(), from, s.persistedRawEnd)) {
            s.aggregate(sample.timestampMs(), sample.value());
        }
    }

    private final class Replay implements MetricWal.Visitor {
        private long unknown;

        @Override
        public void series(int id, Labels labels) {
            if (!byId.containsKey(id)) {
                register(id, labels);
            }
        }

        @Override
        public void samples(long timestampMs, int n, int[] seriesIds, long[] valueBits) {
            for (int i = 0; i < n; i++) {
                StoredSeries s = byId.get(seriesIds[i]);
                if (s == null) {
                    unknown++;
                    continue;
                }
                replaySample(s, timestampMs, Double.longBitsToDouble(valueBits[i]));
            }
        }

        @Override
        public void head(int id, byte[] chunk) {
            StoredSeries s = byId.get(id);
            if (s == null) {
                return;
            }
            XorChunk.Reader reader = XorChunk.reader(chunk);
            while (reader.next()) {
                replaySample(s, reader.time(), reader.value(0));
            }
        }

        private void replaySample(StoredSeries s, long t, double v) {
            if (t <= s.persistedRawEnd || t < s.minValidMs) {
                return; // already in a chunk on disk, or in a rolled-up minute
            }
            if (s.head.admit(t, v) == SeriesHead.Admission.APPEND) {
                s.head.append(t, v, s.unwritten.get(0)::add);
                s.aggregate(t, v);
            }
        }
    }

    private StoredSeries register(int id, Labels labels) {
        StoredSeries s = new StoredSeries(id, labels, options.chunkSamples());
        byLabels.put(labels, s);
        byName.computeIfAbsent(labels.metricName(), n -> new ArrayList<>()).add(labels);
        byId.put(id, s);
        nextId = Math.max(nextId, id + 1);
        return s;
    }

    @Override
    public AppendResult append(long timestampMs, List<Reading> readings) {
        synchronized (lock) {
            ensureOpen();
            if (ids.length < readings.size()) {
                ids = new int[readings.size()];
                values = new double[readings.size()];
            }
            int n = 0;
            int old = 0;
            int same = 0;
            int clash = 0;
            for (Reading r : readings) {
                StoredSeries s = byLabels.get(r.labels());
                if (s == null) {
                    s = register(nextId, r.labels());
                    if (!walBroken) {
                        wal.addSeries(s.id, s.labels);
                    }
                }
                if (timestampMs < s.minValidMs) {
                    old++;
                    continue;
                }
                switch (s.head.admit(timestampMs, r.value())) {
                    case APPEND -> {
                        s.head.append(timestampMs, r.value(), s.unwritten.get(0)::add);
                        s.aggregate(timestampMs, r.value());
                        ids[n] = s.id;
                        values[n] = r.value();
                        n++;
                    }
                    case OUT_OF_ORDER -> old++;
                    case DUPLICATE -> same++;
                    case CONFLICT -> clash++;
                }
            }
            writeAhead(timestampMs, n);
            appended += n;
            outOfOrder += old;
            duplicates += same;
            conflicts += clash;
            if (wal.size() > walLimit()) {
                flushAndCheckpoint(enforceBudget() > 0);
            }
            return new AppendResult(n, old, same, clash);
        }
    }

    private void writeAhead(long timestampMs, int n) {
        if (walBroken) {
            return;
        }
        try {
            if (n > 0) {
                wal.addSamples(timestampMs, n, ids, values);
            }
            if (failWritesForTest) {
                throw new IOException("No space left on device (simulated)");
            }
            wal.write();
        } catch (IOException e) {
            walBroken = true;
            writeFailed("could not write " + WAL_FILE + ": " + e.getMessage());
        }
    }

    private long walLimit() {
        return Math.max(options.logReserve() / 2, 2 * lastCheckpointBytes);
    }

    /** Runs one compaction step now: rollups, writing chunks, retention, the disk budget, the WAL checkpoint. */
    public void compact() {
        synchronized (lock) {
            ensureOpen();
            long now = scheduler.now().toEpochMilli();
            for (StoredSeries s : byId.values()) {
                closeQuietBuckets(s, Resolution.MINUTE, now);
                closeQuietBuckets(s, Resolution.HOUR, now);
            }
            long expired = tables.expire(now, options.retention());
            if (expired > 0) {
                tables.releaseFreePages();
            }
            flushAndCheckpoint(enforceBudget() + expired > 0);
            syncWal();
        }
    }

    // Once a step: a power cut (unlike a killed process, which loses nothing written) loses at most a minute.
    private void syncWal() {
        if (walBroken) {
            return;
        }
        try {
            wal.sync();
        } catch (IOException e) {
            walBroken = true;
            writeFailed("could not sync " + WAL_FILE + ": " + e.getMessage());
        }
    }

    private void scheduleCompaction() {
        timer = scheduler.schedule(options.compactEvery(), () -> {
            if (closed) {
                return;
            }
            options.compactor().execute(() -> {
                if (compacting.compareAndSet(false, true)) {
                    try {
                        if (!closed) {
                            compact();
                        }
                    } catch (RuntimeException e) {
                        // The loop must not die: the next step tries again.
                        report(StorageProblem.Kind.WRITE_FAILED, "metrics compaction failed: " + e.getMessage());
                    } finally {
                        compacting.set(false);
                    }
                }
            });
            if (!closed) {
                scheduleCompaction();
            }
        });
    }

    // A bucket is closed by the first sample after it; for a series gone quiet, once it ended a whole step ago.
    private static void closeQuietBuckets(StoredSeries s, Resolution r, long now) {
        int i = r.ordinal();
        s.aggregators[i].flushIfBefore(r.bucketStart(now) - r.stepMillis());
        XorChunk.Appender head = s.rollupHeads[i];
        if (head.count() > 0 && now - head.firstTime() >= StoredSeries.ROLLUP_CHUNK[i] * r.stepMillis()) {
            s.cutRollup(r); // a quiet series: write what there is before its raw samples expire
        }
    }

    /**
     * Writes every chunk cut since the last time, and new series, in one transaction; then, when the WAL has
     * grown (or is broken), rewrites it to hold only the heads. A failure keeps everything in memory, within
     * the memory budget, and is reported once until writes work again.
     */
    private void flushAndCheckpoint(boolean forceCheckpoint) {
        List<StoredSeries> dirty = new ArrayList<>();
        for (StoredSeries s : byId.values()) {
            if (!s.inDatabase || s.hasUnwritten()) {
                dirty.add(s);
            }
        }
        try {
            if (failWritesForTest) {
                throw new SQLException("database or disk is full (simulated)");
            }
            if (!dirty.isEmpty()) {
                tables.write(dirty);
            }
            markWritten(dirty);
            if (!dirty.isEmpty()) {
                tables.releaseFreePages(); // SQLite's WAL back to nothing, so it holds one write at most
            }
        } catch (SQLException e) {
            writeFailed("could not write to " + DB_FILE + ": " + e.getMessage());
            boundMemory();
            if (walBroken || wal.size() > walLimit()) {
                checkpoint(); // the WAL holds the unwritten chunks too, and must not grow without end meanwhile
            }
            return;
        }
        if (forceCheckpoint || walBroken || wal.size() > walLimit()) {
            checkpoint();
        }
        if (writesFailing && !walBroken) {
            writesFailing = false;
            report(StorageProblem.Kind.WRITE_RECOVERED, "metrics are written to disk again");
        }
    }

    private static void markWritten(List<StoredSeries> dirty) {
        for (StoredSeries s : dirty) {
            s.inDatabase = true;
            for (Resolution r : Resolution.values()) {
                List<Long> rolled = s.unwrittenRolledTo.get(r.ordinal());
                if (!rolled.isEmpty()) {
                    s.writtenTo[r.ordinal()] = rolled.getLast();
                }
                List<Chunk> chunks = s.unwritten.get(r.ordinal());
                if (r == Resolution.RAW && !chunks.isEmpty()) {
                    s.persistedRawEnd = chunks.getLast().endMs();
                }
                chunks.clear();
                rolled.clear();
            }
        }
    }

    private void checkpoint() {
        try {
            wal.close();
            wal = MetricWal.rewrite(dir.resolve(WAL_FILE), fresh -> {
                for (StoredSeries s : byId.values()) {
                    fresh.addSeries(s.id, s.labels);
                    for (Chunk unwritten : s.unwritten.get(Resolution.RAW.ordinal())) {
                        fresh.addHead(s.id, unwritten.data());
                    }
                    if (s.head.count() > 0) {
                        fresh.addHead(s.id, s.head.snapshot().data());
                    }
                }
            });
            lastCheckpointBytes = wal.size();
            walBroken = false;
        } catch (IOException e) {
            walBroken = true;
            writeFailed("could not rewrite " + WAL_FILE + ": " + e.getMessage());
            try {
                wal = MetricWal.openForAppend(dir.resolve(WAL_FILE), Files.size(dir.resolve(WAL_FILE)));
            } catch (IOException again) {
                // stays broken; the next step tries again
            }
        }
    }

    private void writeFailed(String why) {
        if (!writesFailing) {
            writesFailing = true;
            report(StorageProblem.Kind.WRITE_FAILED, why + "; keeping new samples in memory (up to "
                    + options.memoryBudgetBytes() / 1024 + " KiB) until writes work again");
        }
    }

    // While writes fail, cut chunks pile up in memory; past the budget the oldest are dropped.
    private void boundMemory() {
        long held = pendingBytes();
        long dropped = 0;
        while (held > options.memoryBudgetBytes()) {
            StoredSeries oldest = null;
            int resolution = 0;
            for (StoredSeries s : byId.values()) {
                for (Resolution r : Resolution.values()) {
                    List<Chunk> chunks = s.unwritten.get(r.ordinal());
                    if (!chunks.isEmpty() && (oldest == null
                            || chunks.getFirst().startMs() < oldest.unwritten.get(resolution).getFirst().startMs())) {
                        oldest = s;
                        resolution = r.ordinal();
                    }
                }
            }
            if (oldest == null) {
                break;
            }
            Chunk gone = oldest.unwritten.get(resolution).removeFirst();
            if (resolution > 0) {
                oldest.unwrittenRolledTo.get(resolution).removeFirst();
            }
            held -= gone.data().length;
            dropped += gone.count();
        }
        if (dropped > 0) {
            report(StorageProblem.Kind.DROPPED, "dropped " + dropped + " samples held in memory past the "
                    + options.memoryBudgetBytes() / 1024 + " KiB budget while writes fail");
        }
    }

    private long pendingBytes() {
        long bytes = 0;
        for (StoredSeries s : byId.values()) {
            bytes += s.unwrittenBytes();
        }
        return bytes;
    }

    // Oldest chunks first, whatever their resolution, until what the files will take after the next write fits:
    // the database's pages in use plus the chunks about to be written, which also pass through SQLite's WAL
    // before its checkpoint, plus the shared-memory file and the metrics WAL at its limit.
    private long enforceBudget() {
        long pending = pendingBytes();
        long room = options.diskBudgetBytes() - tables.sideFileBytes() - walLimit();
        long over = Math.max(tables.databaseFileBytes(), tables.usedBytes() + pending) + pending - room;
        if (over <= 0) {
            return 0;
        }
        MetricTables.Deleted deleted = tables.deleteOldest(over + room / 20); // a little more: not every step
        tables.releaseFreePages();
        if (deleted.chunks() > 0) {
            report(StorageProblem.Kind.BUDGET_ENFORCED, "deleted the " + deleted.chunks()
                    + " oldest chunks (data up to " + java.time.Instant.ofEpochMilli(deleted.newestEndMs())
                    + ") to stay within the disk budget of " + options.diskBudgetBytes() / 1024 + " KiB");
        }
        return deleted.chunks();
    }

    // ---- queries ----

    /** Raw chunks held in memory for one series (unwritten, then the head), copied under the lock. */
    private static List<Chunk> snapshotRaw(StoredSeries s) {
        List<Chunk> chunks = new ArrayList<>(s.unwritten.get(0));
        if (s.head.count() > 0) {
            chunks.add(s.head.snapshot());
        }
        return chunks;
    }

    /** Samples in {@code [from, to]}: from the database when memory does not reach back that far, then memory. */
    private List<Sample> rawSamples(StoredSeries s, List<Chunk> memory, long from, long to) {
        List<Sample> samples = new ArrayList<>();
        long memoryStart = memory.isEmpty() ? Long.MAX_VALUE : memory.getFirst().startMs();
        if (s.inDatabase && from < memoryStart) {
            for (MetricTables.ChunkRow row : tables.chunks(s.id, Resolution.RAW, from, to)) {
                decodeInto(row, s, from, to, samples);
            }
        }
        for (Chunk c : memory) {
            if (c.overlaps(from, to)) {
                long after = samples.isEmpty() ? Long.MIN_VALUE : samples.getLast().timestampMs();
                List<Sample> part = new ArrayList<>();
                Selections.decode(c.data(), from, to, part);
                for (Sample p : part) {
                    if (p.timestampMs() > after) { // a chunk written meanwhile may have come from the database too
                        samples.add(p);
                    }
                }
            }
        }
        return samples;
    }

    private void decodeInto(MetricTables.ChunkRow row, StoredSeries s, long from, long to, List<Sample> into) {
        try {
            List<Sample> part = new ArrayList<>();
            Selections.decode(row.data(), from, to, part);
            into.addAll(part);
        } catch (CorruptChunkException e) {
            corrupt(row.id(), s, e);
        }
    }

    private void corrupt(long chunkId, StoredSeries s, CorruptChunkException e) {
        if (reportedCorrupt.add(chunkId)) {
            corruptChunks.incrementAndGet();
            report(StorageProblem.Kind.CORRUPT_CHUNK, "skipped chunk " + chunkId + " of " + s.labels + ": "
                    + e.getMessage());
        }
    }

    private record View(StoredSeries series, List<Chunk> raw, List<Chunk> rollups, Optional<Aggregate> current) {
    }

    /** Every series that may match: those of the metric the matchers name, else all. Under the lock. */
    private java.util.Collection<Labels> candidates(List<Matcher> matchers) {
        return Selections.metricName(matchers).<java.util.Collection<Labels>>map(n -> byName.getOrDefault(n, List.of()))
                .orElse(byLabels.keySet());
    }

    private List<View> views(Selection selection, Resolution r) {
        synchronized (lock) {
            ensureOpen();
            List<View> views = new ArrayList<>();
            for (Labels labels : Selections.matching(candidates(selection.matchers()), selection, options.limits())) {
                StoredSeries s = byLabels.get(labels);
                if (r == Resolution.RAW) {
                    views.add(new View(s, snapshotRaw(s), List.of(), Optional.empty()));
                    continue;
                }
                List<Chunk> rollups = new ArrayList<>(s.unwritten.get(r.ordinal()));
                XorChunk.Appender head = s.rollupHeads[r.ordinal()];
                if (head.count() > 0) {
                    rollups.add(new Chunk(head.firstTime(), head.lastTime(), head.count(), head.seal()));
                }
                views.add(new View(s, List.of(), rollups, s.aggregators[r.ordinal()].current()));
            }
            return views;
        }
    }

    /** The oldest time a resolution still shows: data past its retention is hidden before it is deleted. */
    private long cutoff(Resolution r) {
        long now = scheduler.now().toEpochMilli();
        long keep = options.retention().get(r).toMillis();
        return now < Long.MIN_VALUE + keep ? Long.MIN_VALUE : now - keep;
    }

    @Override
    public List<Series> select(Selection selection) {
        Selections.PointBudget budget = new Selections.PointBudget(options.limits());
        List<Series> result = new ArrayList<>();
        long from = Math.max(selection.startMs(), cutoff(Resolution.RAW));
        for (View v : views(selection, Resolution.RAW)) {
            List<Sample> samples = from > selection.endMs() ? List.of()
                    : rawSamples(v.series(), v.raw(), from, selection.endMs());
            budget.spend(samples.size());
            if (!samples.isEmpty()) {
                result.add(new Series(v.series().labels, samples));
            }
        }
        return result;
    }

    @Override
    public List<RollupSeries> rollup(Selection selection, Resolution r) {
        Selections.PointBudget budget = new Selections.PointBudget(options.limits());
        long from = Math.max(r.bucketStart(selection.startMs()), cutoff(r));
        long to = r.bucketEnd(selection.endMs());
        List<RollupSeries> result = new ArrayList<>();
        for (View v : views(selection, r)) {
            List<Aggregate> aggregates = new ArrayList<>();
            if (from > to) {
                continue;
            }
            if (r == Resolution.RAW) {
                aggregates = Selections.aggregate(rawSamples(v.series(), v.raw(), from, to), r);
            } else {
                // Oldest first: chunks on disk, chunks cut but not written, the rollup head, the bucket in progress.
                if (v.series().inDatabase) {
                    for (MetricTables.ChunkRow row : tables.chunks(v.series().id, r, from, to)) {
                        decodeAggregates(row.data(), row.id(), v.series(), from, to, aggregates);
                    }
                }
                for (Chunk c : v.rollups()) {
                    decodeAggregates(c.data(), -1, v.series(), from, to, aggregates);
                }
                if (v.current().isPresent() && v.current().get().startMs() >= from
                        && v.current().get().startMs() <= to) {
                    addInOrder(aggregates, v.current().get());
                }
            }
            budget.spend(aggregates.size());
            if (!aggregates.isEmpty()) {
                result.add(new RollupSeries(v.series().labels, r, aggregates));
            }
        }
        return result;
    }

    private void decodeAggregates(byte[] data, long chunkId, StoredSeries s, long from, long to,
                                  List<Aggregate> into) {
        try {
            XorChunk.Reader reader = XorChunk.reader(data);
            while (reader.next()) {
                long t = reader.time();
                if (t >= from && t <= to) {
                    addInOrder(into, new Aggregate(t, reader.value(0), reader.value(1), reader.value(2),
                            (long) reader.value(3), reader.value(4)));
                }
            }
        } catch (CorruptChunkException e) {
            corrupt(chunkId, s, e);
        }
    }

    private static void addInOrder(List<Aggregate> into, Aggregate a) {
        if (into.isEmpty() || a.startMs() > into.getLast().startMs()) {
            into.add(a);
        }
    }

    @Override
    public List<Labels> series(List<Matcher> matchers) {
        synchronized (lock) {
            return Selections.matching(candidates(matchers), matchers);
        }
    }

    @Override
    public List<String> labelNames() {
        synchronized (lock) {
            return Selections.labelNames(byLabels.keySet());
        }
    }

    @Override
    public List<String> labelValues(String name) {
        synchronized (lock) {
            return Selections.labelValues(byLabels.keySet(), name);
        }
    }

    @Override
    public Optional<Duration> retention(Resolution resolution) {
        return Optional.of(options.retention().get(resolution));
    }

    @Override
    public MetricStoreStats stats() {
        synchronized (lock) {
            long walBytes = wal == null ? 0 : wal.size();
            return new MetricStoreStats(byId.size(), appended, outOfOrder, duplicates, conflicts,
                    tables.fileBytes() + walBytes, pendingBytes(), corruptChunks.get());
        }
    }

    /** Reads every stored chunk and checks its checksum; returns one line per damaged chunk (also reported). */
    public List<String> verify() {
        List<String> damaged = new ArrayList<>();
        Collection<StoredSeries> all;
        synchronized (lock) {
            all = List.copyOf(byId.values());
        }
        for (StoredSeries s : all) {
            for (Resolution r : Resolution.values()) {
                for (MetricTables.ChunkRow row : tables.chunks(s.id, r, Long.MIN_VALUE, Long.MAX_VALUE)) {
                    try {
                        XorChunk.Reader reader = XorChunk.reader(row.data());
                        while (reader.next()) {
                            // decoding all of it finds a chunk whose checksum matches but whose bits do not parse
                        }
                    } catch (CorruptChunkException e) {
                        corrupt(row.id(), s, e);
                        damaged.add("chunk " + row.id() + " of " + s.labels + " (" + r + "): " + e.getMessage());
                    }
                }
            }
        }
        return damaged;
    }

    private void report(StorageProblem.Kind kind, String message) {
        try {
            options.problems().accept(new StorageProblem(scheduler.now(), kind, message));
        } catch (RuntimeException e) {
            // a broken listener must not break the store
        }
    }

    /** Test hook: makes every write fail as on a full disk, or work again. */
    void failWritesForTest(boolean fail) {
        synchronized (lock) {
            failWritesForTest = fail;
        }
    }

    private void ensureOpen() {
        if (closed) {
            throw new StoreException("metric store " + dir + " is closed");
        }
    }

    /** Writes what is cut, rewrites the WAL with the heads and closes the files. */
    @Override
    public void close() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            timer.cancel();
            flushAndCheckpoint(true);
            closed = true;
            try {
                wal.close();
            } catch (IOException e) {
                // the data is in the file already
            }
            tables.close();
        }
    }

    @Override
    public String toString() {
        return "SqliteMetricStore[" + dir + "]";
    }
}
