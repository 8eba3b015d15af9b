package dev.vigil.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Follows a log file by polling. The runtime rotates by copy-then-truncate, so a file that got shorter is read
 * again from its start; so is a file replaced by another (a new inode), and one whose bytes just before the
 * read position changed (truncated and written past that position again between two polls).
 */
final class LogFilePoller {

    /** Bytes read per poll at most, so that a burst of output is sent in pieces. */
    static final int MAX_READ = 1024 * 1024;
    /** A line longer than this is sent in pieces rather than buffered without bound. */
    static final int MAX_LINE = 64 * 1024;
    private static final int MARK = 64;

    private final Path file;
    private long position;
    private Object fileKey;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
    private byte[] mark = new byte[0];

    LogFilePoller(Path file, long position) {
        this.file = file;
        this.position = position;
        this.fileKey = key();
        this.mark = readMark(position);
    }

    /** The lines completed since the last poll. */
    List<String> poll() throws IOException {
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return List.of();
        }
        long size = attrs.size();
        if (!Objects.equals(attrs.fileKey(), fileKey) || size < position
                || !java.util.Arrays.equals(mark, readMark(position))) {
            fileKey = attrs.fileKey();
            position = 0;
            mark = new byte[0];
            partial.reset();
        }
        if (size == position) {
            return List.of();
        }
        byte[] chunk;
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            int len = (int) Math.min(MAX_READ, raf.length() - position);
            if (len <= 0) {
                return List.of();
            }
            chunk = new byte[len];
            raf.seek(position);
            raf.readFully(chunk);
        } catch (NoSuchFileException | java.io.FileNotFoundException e) {
            return List.of();
        }
        position += chunk.length;
        mark = readMark(position);
        List<String> lines = new ArrayList<>();
        for (byte b : chunk) {
            if (b == '\n') {
                lines.add(LogTail.strip(partial.toString(StandardCharsets.UTF_8)));
                partial.reset();
            } else {
                partial.write(b);
                if (partial.size() >= MAX_LINE) {
                    lines.add(partial.toString(StandardCharsets.UTF_8));
                    partial.reset();
                }
            }
        }
        return lines;
    }

    /** The bytes just before {@code end}: if they change, the file was rewritten under the reader. */
    private byte[] readMark(long end) {
        int len = (int) Math.min(MARK, end);
        if (len <= 0) {
            return new byte[0];
        }
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            if (raf.length() < end) {
                return new byte[0];
            }
            byte[] bytes = new byte[len];
            raf.seek(end - len);
            raf.readFully(bytes);
            return bytes;
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private Object key() {
        try {
            return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }
}
