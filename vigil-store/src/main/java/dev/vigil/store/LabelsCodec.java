package dev.vigil.store;

import dev.vigil.metrics.Labels;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Labels as bytes, for the series table and the metrics WAL: a count, then each name and value length-prefixed. */
final class LabelsCodec {

    private LabelsCodec() {
    }

    static byte[] encode(Labels labels) {
        RecordBuffer out = new RecordBuffer(64);
        write(labels, out);
        return out.toByteArray();
    }

    static void write(Labels labels, RecordBuffer out) {
        out.putVarint(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            putString(out, labels.name(i));
            putString(out, labels.valueAt(i));
        }
    }

    static Labels decode(byte[] bytes) {
        return read(ByteBuffer.wrap(bytes));
    }

    static Labels read(ByteBuffer in) {
        int n = (int) RecordBuffer.getVarint(in);
        if (n < 0 || n > 10_000) {
            throw new IllegalArgumentException("implausible label count " + n);
        }
        String[] pairs = new String[2 * n];
        for (int i = 0; i < pairs.length; i++) {
            pairs[i] = getString(in);
        }
        return Labels.of(pairs);
    }

    private static void putString(RecordBuffer out, String s) {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        out.putVarint(bytes.length);
        out.putBytes(bytes);
    }

    private static String getString(ByteBuffer in) {
        int length = (int) RecordBuffer.getVarint(in);
        if (length < 0 || length > in.remaining()) {
            throw new IllegalArgumentException("label of " + length + " bytes past the end");
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
