package dev.vigil.metrics;

import java.util.Arrays;

/** A growable buffer written bit by bit, most significant bit first; kept in longs, so a write is a shift or two. */
final class BitOutput {

    private long[] words;
    private long bitLength;

    BitOutput(int initialBytes) {
        words = new long[Math.max(2, (initialBytes + 7) / 8)];
    }

    long bitLength() {
        return bitLength;
    }

    void writeBit(boolean bit) {
        if (bit) {
            writeBits(1, 1);
        } else {
            ensure(1);
            bitLength++;
        }
    }

    /** Writes the lowest {@code count} bits of {@code value} (1..64), highest of them first. */
    void writeBits(long value, int count) {
        ensure(count);
        if (count < 64) {
            value &= (1L << count) - 1;
        }
        int index = (int) (bitLength >>> 6);
        int free = 64 - (int) (bitLength & 63);
        if (count <= free) {
            words[index] |= free == count ? value : value << (free - count);
        } else {
            int spill = count - free;
            words[index] |= value >>> spill;
            words[index + 1] |= value << (64 - spill);
        }
        bitLength += count;
    }

    /** The bytes written so far, the last one padded with zero bits. */
    byte[] toByteArray() {
        byte[] bytes = new byte[(int) ((bitLength + 7) >>> 3)];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (words[i >>> 3] >>> (56 - 8 * (i & 7)));
        }
        return bytes;
    }

    private void ensure(int bits) {
        long needed = ((bitLength + bits + 63) >>> 6) + 1;
        if (needed > words.length) {
            words = Arrays.copyOf(words, (int) Math.max(needed, words.length * 2L));
        }
    }
}
