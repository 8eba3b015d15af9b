package dev.vigil.process;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads the small text files of {@code /proc} into one buffer kept between reads. The kernel reports their size as
 * zero, so {@code Files.readString} starts each at a fresh 8 KiB buffer and copies it; a scan of a few hundred
 * processes every round made most of the collector's garbage that way. One reader per thread at a time.
 */
final class ProcFileReader {

    private byte[] buffer = new byte[4096];

    /** The whole file as ISO-8859-1 text. */
    String read(Path file) throws IOException {
        try (InputStream in = new FileInputStream(file.toString())) {
            int length = 0;
            for (int n; (n = in.read(buffer, length, buffer.length - length)) > 0; ) {
                length += n;
                if (length == buffer.length) {
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
            }
            return new String(buffer, 0, length, StandardCharsets.ISO_8859_1);
        }
    }
}
