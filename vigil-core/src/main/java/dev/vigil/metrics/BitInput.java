package dev.vigil.metrics;

/** Reads what a {@link BitOutput} wrote, from {@code bytes[offset]} up to (not including) bit {@code limit}. */
final class BitInput {

    private final byte[] bytes;
    private final long limit;
    private long position;

    BitInput(byte[] bytes, int offset, long limitBits) {
        this.bytes = bytes;
        this.position = (long) offset * 8;
        this.limit = limitBits;
    }

    boolean readBit() {
        return readBits(1) != 0;
    }

    /** Reads {@code count} bits (1..64) as the lowest bits of a long. */
    long readBits(int count) {
        if (position + count > limit) {
            throw new CorruptChunkException("chunk ends in the middle of a sample");
        }
        long value = 0;
        int remaining = count;
        while (remaining > 0) {
            int index = (int) (position >>> 3);
            int used = (int) (position & 7);
            int take = Math.min(8 - used, remaining);
            int part = (bytes[index] >>> (8 - used - take)) & ((1 << take) - 1);
            value = (value << take) | part;
            remaining -= take;
            position += take;
        }
        return value;
    }
}
