package dev.vigil.server;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The last lines of a log file, read backwards from its end so that a large file costs only what is shown.
 *
 * @param lines complete lines, oldest first
 * @param partial what follows the last line break (a line still being written), possibly empty
 * @param end the offset just after the last line break: where following the file continues
 */
public record LogTail(List<String> lines, String partial, long end) {

    /** Bytes read at most, whatever {@code n} is: a tail of enormous lines stays bounded. */
    static final int MAX_BYTES = 8 * 1024 * 1024;
    private static final int CHUNK = 64 * 1024;

    public static LogTail read(Path file, int n) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long size = raf.length();
            long start = size;
            int newlines = 0;
            long lastBreak = -1;
            // Walk back chunk by chunk until n+1 line breaks are seen (the extra one starts the first line).
            while (start > 0 && newlines <= n && size - start < MAX_BYTES) {
                int len = (int) Math.min(CHUNK, start);
                start -= len;
                byte[] buf = new byte[len];
                raf.seek(start);
                raf.readFully(buf);
                for (int i = len - 1; i >= 0; i--) {
                    if (buf[i] == '\n') {
                        if (lastBreak < 0) {
                            lastBreak = start + i;
                        }
                        newlines++;
                    }
                }
            }
            byte[] all = new byte[(int) (size - start)];
            raf.seek(start);
            raf.readFully(all);
            String text = new String(all, StandardCharsets.UTF_8);
            long end = lastBreak < 0 ? (start == 0 ? 0 : size) : lastBreak + 1;
            String[] parts = text.split("\n", -1);
            List<String> lines = new ArrayList<>();
            // parts[0] may be the cut-off end of an older line unless the read began at the file's start.
            int first = start == 0 ? 0 : 1;
            for (int i = first; i < parts.length - 1; i++) {
                lines.add(strip(parts[i]));
            }
            String partial = parts.length > first ? strip(parts[parts.length - 1]) : "";
            if (lines.size() > n) {
                lines = new ArrayList<>(lines.subList(lines.size() - n, lines.size()));
            }
            return new LogTail(List.copyOf(lines), partial, end);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return new LogTail(List.of(), "", 0);
        }
    }

    static String strip(String line) {
        return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
    }

    static boolean exists(Path file) {
        return Files.isRegularFile(file);
    }
}
