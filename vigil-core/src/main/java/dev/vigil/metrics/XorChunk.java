package dev.vigil.metrics;

import java.util.zip.CRC32C;

/**
 * The compressed chunk format (Gorilla, as Prometheus writes it): timestamps in milliseconds as deltas of deltas,
 * values as the XOR of each with the one before, keeping only the bits between its leading and trailing zeros.
 * A chunk may carry several value columns per timestamp (a rollup's min, max, sum, count, last), each XORed
 * against its own previous value. Values are kept bit for bit: NaN payloads (Prometheus's staleness marker),
 * negative zero and infinities come back exactly.
 *
 * <p>Layout: one byte with the number of columns, two bytes with the number of samples, the bit stream, then a
 * CRC32C of everything before it (four bytes, big-endian). Timestamps may be any longs; arithmetic wraps the same
 * way on both sides.
 */
public final class XorChunk {

    /** The most samples one chunk can count. */
    public static final int MAX_SAMPLES = 0xFFFF;
    static final int HEADER_BYTES = 3;
    static final int CHECKSUM_BYTES = 4;

    private XorChunk() {
    }

    /** Builds a chunk sample by sample; {@link #seal()} returns the bytes so far and appending may go on. */
    public static final class Appender {

        private final int columns;
        private final BitOutput out;
        private int count;
        private long firstTime;
        private long lastTime;
        private long lastDelta;
        private final long[] lastBits;
        private final int[] leading;
        private final int[] trailing;

        public Appender(int columns) {
            if (columns < 1 || columns > 255) {
                throw new IllegalArgumentException("a chunk has 1 to 255 columns, not " + columns);
            }
            this.columns = columns;
            this.out = new BitOutput(HEADER_BYTES + 16 * columns);
            this.lastBits = new long[columns];
            this.leading = new int[columns];
            this.trailing = new int[columns];
            out.writeBits(columns, 8);
            out.writeBits(0, 16);
        }

        public int columns() {
            return columns;
        }

        public int count() {
            return count;
        }

        public long firstTime() {
            return firstTime;
        }

        public long lastTime() {
            return lastTime;
        }

        /** Bytes the chunk would take sealed now. */
        public int sizeBytes() {
            return (int) ((out.bitLength() + 7) >>> 3) + CHECKSUM_BYTES;
        }

        /** Appends a sample of a one-column chunk. */
        public void append(long time, double value) {
            appendTime(time);
            appendValue(0, value);
            count++;
        }

        /** Appends a sample with one value per column. */
        public void append(long time, double[] values) {
            if (values.length != columns) {
                throw new IllegalArgumentException("expected " + columns + " values, got " + values.length);
            }
            appendTime(time);
            for (int c = 0; c < columns; c++) {
                appendValue(c, values[c]);
            }
            count++;
        }

        private void appendTime(long time) {
            if (count == MAX_SAMPLES) {
                throw new IllegalStateException("a chunk holds at most " + MAX_SAMPLES + " samples");
            }
            if (count == 0) {
                out.writeBits(time, 64);
                firstTime = time;
            } else {
                long delta = time - lastTime;
                writeDeltaOfDelta(delta - lastDelta);
                lastDelta = delta;
            }
            lastTime = time;
        }

        // Prometheus's buckets for millisecond timestamps: 0, then 14, 17, 20 bits, then the whole long.
        private void writeDeltaOfDelta(long dod) {
            if (dod == 0) {
                out.writeBit(false);
            } else if (fits(dod, 14)) {
                out.writeBits(0b10, 2);
                out.writeBits(dod, 14);
            } else if (fits(dod, 17)) {
                out.writeBits(0b110, 3);
                out.writeBits(dod, 17);
            } else if (fits(dod, 20)) {
                out.writeBits(0b1110, 4);
                out.writeBits(dod, 20);
            } else {
                out.writeBits(0b1111, 4);
                out.writeBits(dod, 64);
            }
        }

        private void appendValue(int column, double value) {
            long bits = Double.doubleToRawLongBits(value);
            if (count == 0) {
                out.writeBits(bits, 64);
                lastBits[column] = bits;
                leading[column] = 0xFF;
                return;
            }
            long xor = bits ^ lastBits[column];
            lastBits[column] = bits;
            if (xor == 0) {
                out.writeBit(false);
                return;
            }
            int lead = Math.min(Long.numberOfLeadingZeros(xor), 31);
            int trail = Long.numberOfTrailingZeros(xor);
            if (leading[column] != 0xFF && lead >= leading[column] && trail >= trailing[column]) {
                out.writeBits(0b10, 2);
                int significant = 64 - leading[column] - trailing[column];
                out.writeBits(xor >>> trailing[column], significant);
                return;
            }
            int significant = 64 - lead - trail;
            out.writeBits(0b11, 2);
            out.writeBits(lead, 5);
            out.writeBits(significant & 63, 6); // 64 significant bits are written as 0
            out.writeBits(xor >>> trail, significant);
            leading[column] = lead;
            trailing[column] = trail;
        }

        /** The chunk as stored: header, samples and checksum. */
        public byte[] seal() {
            byte[] bytes = out.toByteArray();
            bytes[1] = (byte) (count >>> 8);
            bytes[2] = (byte) count;
            byte[] sealed = java.util.Arrays.copyOf(bytes, bytes.length + CHECKSUM_BYTES);
            int crc = checksum(sealed, bytes.length);
            sealed[bytes.length] = (byte) (crc >>> 24);
            sealed[bytes.length + 1] = (byte) (crc >>> 16);
            sealed[bytes.length + 2] = (byte) (crc >>> 8);
            sealed[bytes.length + 3] = (byte) crc;
            return sealed;
        }
    }

    /** Reads a sealed chunk after checking its checksum. */
    public static Reader reader(byte[] sealed) {
        return new Reader(sealed);
    }

    /** Steps through a chunk's samples: {@code while (r.next()) use(r.time(), r.value(0))}. */
    public static final class Reader {

        private final BitInput in;
        private final int columns;
        private final int count;
        private final long[] bits;
        private final int[] leading;
        private final int[] trailing;
        private int read;
        private long time;
        private long delta;

        private Reader(byte[] sealed) {
            if (sealed.length < HEADER_BYTES + CHECKSUM_BYTES) {
                throw new CorruptChunkException("chunk of " + sealed.length + " bytes is too short");
            }
            int payload = sealed.length - CHECKSUM_BYTES;
            int stored = ((sealed[payload] & 0xFF) << 24) | ((sealed[payload + 1] & 0xFF) << 16)
                    | ((sealed[payload + 2] & 0xFF) << 8) | (sealed[payload + 3] & 0xFF);
            int actual = checksum(sealed, payload);
            if (stored != actual) {
                throw new CorruptChunkException(String.format("chunk checksum mismatch (stored %08x, computed %08x)",
                        stored, actual));
            }
            columns = sealed[0] & 0xFF;
            count = ((sealed[1] & 0xFF) << 8) | (sealed[2] & 0xFF);
            if (columns == 0) {
                throw new CorruptChunkException("chunk has no columns");
            }
            in = new BitInput(sealed, HEADER_BYTES, (long) payload * 8);
            bits = new long[columns];
            leading = new int[columns];
            trailing = new int[columns];
        }

        public int columns() {
            return columns;
        }

        public int count() {
            return count;
        }

        /** Moves to the next sample; false when there is none. */
        public boolean next() {
            if (read == count) {
                return false;
            }
            if (read == 0) {
                time = in.readBits(64);
                for (int c = 0; c < columns; c++) {
                    bits[c] = in.readBits(64);
                }
            } else {
                delta += readDeltaOfDelta();
                time += delta;
                for (int c = 0; c < columns; c++) {
                    readValue(c);
                }
            }
            read++;
            return true;
        }

        public long time() {
            return time;
        }

        public double value(int column) {
            return Double.longBitsToDouble(bits[column]);
        }

        private long readDeltaOfDelta() {
            if (!in.readBit()) {
                return 0;
            }
            if (!in.readBit()) {
                return signed(in.readBits(14), 14);
            }
            if (!in.readBit()) {
                return signed(in.readBits(17), 17);
            }
            if (!in.readBit()) {
                return signed(in.readBits(20), 20);
            }
            return in.readBits(64);
        }

        private void readValue(int column) {
            if (!in.readBit()) {
                return;
            }
            if (in.readBit()) {
                leading[column] = (int) in.readBits(5);
                int significant = (int) in.readBits(6);
                if (significant == 0) {
                    significant = 64;
                }
                trailing[column] = 64 - leading[column] - significant;
                if (trailing[column] < 0) {
                    throw new CorruptChunkException("chunk has an impossible value window");
                }
            }
            int significant = 64 - leading[column] - trailing[column];
            bits[column] ^= in.readBits(significant) << trailing[column];
        }
    }

    private static boolean fits(long value, int bits) {
        long min = -(1L << (bits - 1));
        long max = (1L << (bits - 1)) - 1;
        return value >= min && value <= max;
    }

    private static long signed(long raw, int bits) {
        return (raw << (64 - bits)) >> (64 - bits);
    }

    private static int checksum(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}
