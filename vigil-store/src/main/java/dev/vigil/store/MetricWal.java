package dev.vigil.store;

import dev.vigil.metrics.Labels;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The metric store's write-ahead log: what was appended since the chunks on disk, so a killed process loses
 * nothing it had returned from. A file of records, each {@code [length u32][crc32c u32][payload]}; a payload is a
 * new series, one batch of samples at one time, or (after a checkpoint) a series' head chunk. Each batch is one
 * write() call: a kill -9 after it returns loses nothing (the data is in the OS), one during it leaves a torn
 * tail that the next open skips. Synced to disk at each checkpoint and flush, not per batch.
 */
final class MetricWal implements AutoCloseable {

    static final byte[] MAGIC = {'V', 'G', 'L', 'W', 'A', 'L', '1', '\n'};
    private static final int SERIES = 1;
    private static final int SAMPLES = 2;
    private static final int HEAD = 3;
    private static final int MAX_RECORD = 64 << 20;

    /** What replaying the log hands back, record by record. */
    interface Visitor {
        void series(int id, Labels labels);

        void samples(long timestampMs, int n, int[] ids, long[] valueBits);

        void head(int id, byte[] chunk);
    }

    private final Path file;
    private final FileChannel channel;
    private final RecordBuffer batch = new RecordBuffer(1 << 16);
    private long size;

    private MetricWal(Path file, FileChannel channel, long size) {
        this.file = file;
        this.channel = channel;
        this.size = size;
    }

    /** Opens the log for appending after {@code validLength} bytes (what replay read), cutting off a torn tail. */
    static MetricWal openForAppend(Path file, long validLength) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        try {
            if (validLength < MAGIC.length) {
                channel.truncate(0);
                channel.write(ByteBuffer.wrap(MAGIC), 0);
                validLength = MAGIC.length;
            } else {
                channel.truncate(validLength);
            }
            channel.position(validLength);
            return new MetricWal(file, channel, validLength);
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    long size() {
        return size;
    }

    void addSeries(int id, Labels labels) {
        int start = begin(SERIES);
        batch.putVarint(id);
        LabelsCodec.write(labels, batch);
        end(start);
    }

    void addSamples(long timestampMs, int n, int[] ids, double[] values) {
        int start = begin(SAMPLES);
        batch.putLong(timestampMs);
        batch.putVarint(n);
        for (int i = 0; i < n; i++) {
            batch.putVarint(ids[i]);
            batch.putLong(Double.doubleToRawLongBits(values[i]));
        }
        end(start);
    }

    void addHead(int id, byte[] chunk) {
        int start = begin(HEAD);
        batch.putVarint(id);
        batch.putBytes(chunk);
        end(start);
    }

    /** Writes the records added since the last write, in one call. On failure nothing is kept buffered. */
    void write() throws IOException {
        try {
            ByteBuffer buffer = ByteBuffer.wrap(batch.array(), 0, batch.size());
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            size += batch.size();
        } finally {
            batch.clear();
        }
    }

    void sync() throws IOException {
        channel.force(false);
    }

    private int begin(int type) {
        int start = batch.size();
        batch.skip(8);
        batch.putByte(type);
        return start;
    }

    private void end(int start) {
        int length = batch.size() - start - 8;
        CRC32C crc = new CRC32C();
        crc.update(batch.array(), start + 8, length);
        batch.putInt(start, length);
        batch.putInt(start + 4, (int) crc.getValue());
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    /**
     * Writes a new log holding only {@code contents} (the series and head chunks not yet on disk) beside the old
     * one, syncs it and renames it over the old one: a kill at any point leaves one whole log or the other.
     */
    static MetricWal rewrite(Path file, java.util.function.Consumer<MetricWal> contents) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        try (MetricWal fresh = openForAppend(tmp, 0)) {
            contents.accept(fresh);
            fresh.write();
            fresh.sync();
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
        syncDirectory(file.getParent());
        return openForAppend(file, Files.size(file));
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // Some file systems cannot sync a directory; the rename is still atomic there.
        }
    }

    /** What a replay read: how many bytes were valid (append after them) and what was skipped, for the notes. */
    record Replayed(long validLength, List<String> notes) {
    }

    /**
     * Reads every record in order. A record whose checksum fails is skipped when its length is plausible, and the
     * rest is read; a length past the end (a torn write) or an implausible one ends the replay there.
     */
    static Replayed replay(Path file, Visitor visitor) throws IOException {
        List<String> notes = new ArrayList<>();
        if (!Files.exists(file)) {
            return new Replayed(0, notes);
        }
        byte[] all = Files.readAllBytes(file);
        if (all.length < MAGIC.length || !java.util.Arrays.equals(all, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            if (all.length > 0) {
                notes.add(file.getFileName() + " is not a metrics WAL (" + all.length + " bytes); started a new one");
            }
            return new Replayed(0, notes);
        }
        ByteBuffer in = ByteBuffer.wrap(all);
        in.position(MAGIC.length);
        long valid = MAGIC.length;
        int skipped = 0;
        while (in.remaining() > 0) {
            if (in.remaining() < 8) {
                break;
            }
            int length = in.getInt();
            int stored = in.getInt();
            if (length < 1 || length > MAX_RECORD || length > in.remaining()) {
                in.position(in.position() - 8);
                break;
            }
            CRC32C crc = new CRC32C();
            crc.update(all, in.position(), length);
            ByteBuffer record = ByteBuffer.wrap(all, in.position(), length).slice();
            in.position(in.position() + length);
            if ((int) crc.getValue() != stored) {
                skipped++;
                continue;
            }
            try {
                read(record, visitor);
            } catch (RuntimeException e) {
                skipped++;
            }
            valid = in.position();
        }
        if (skipped > 0) {
            notes.add(file.getFileName() + ": skipped " + skipped + " damaged record(s) (checksum mismatch)");
        }
        if (valid < all.length) {
            notes.add(file.getFileName() + ": the last " + (all.length - valid)
                    + " bytes were a torn or damaged tail (a write cut short); skipped");
        }
        return new Replayed(valid, notes);
    }

    private static void read(ByteBuffer record, Visitor visitor) {
        int type = record.get();
        switch (type) {
            case SERIES -> visitor.series((int) RecordBuffer.getVarint(record), LabelsCodec.read(record));
            case SAMPLES -> {
                long t = record.getLong();
                int n = (int) RecordBuffer.getVarint(record);
                int[] ids = new int[n];
                long[] bits = new long[n];
                for (int i = 0; i < n; i++) {
                    ids[i] = (int) RecordBuffer.getVarint(record);
                    bits[i] = record.getLong();
                }
                visitor.samples(t, n, ids, bits);
            }
            case HEAD -> {
                int id = (int) RecordBuffer.getVarint(record);
                byte[] chunk = new byte[record.remaining()];
                record.get(chunk);
                visitor.head(id, chunk);
            }
            default -> throw new IllegalArgumentException("unknown WAL record type " + type);
        }
    }

    @Override
    public String toString() {
        return "MetricWal[" + file + "]";
    }
}
