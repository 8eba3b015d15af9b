package dev.vigil.metrics;

import java.util.Arrays;

/** A growable buffer written bit by bit, most significant bit first. */
final class BitOutput {

    private byte[] bytes;
    private long bitLength;

    BitOutput(int initialBytes) {
        bytes = new byte[Math.max(initialBytes, 8)];
    }

    long bitLength() {
        return bitLength;
    }

    void writeBit(boolean bit) {
        writeBits(bit ? 1 : 0, 1);
    }

    /** Writes the lowest {@code count} bits of {@code value} (1..64), highest of them first. */
    void writeBits(long value, int count) {
        ensure(bitLength + count);
        int remaining = count;
        while (remaining > 0) {
            int index = (int) (bitLength >>> 3);
            int free = 8 - (int) (bitLength & 7);
            int take = Math.min(free, remaining);
            int part = (int) (value >>> (remaining - take)) & ((1 << take) - 1);
            bytes[index] |= (byte) (part << (free - take));
            remaining -= take;
            bitLength += take;
        }
    }

    /** The bytes written so far, the last one padded with zero bits. */
    byte[] toByteArray() {
        return Arrays.copyOf(bytes, (int) ((bitLength + 7) >>> 3));
    }

    void setByte(int index, byte value) {
        bytes[index] = value;
    }

    private void ensure(long bits) {
        int needed = (int) ((bits + 7) >>> 3);
        if (needed > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(needed, bytes.length * 2));
        }
    }
}
