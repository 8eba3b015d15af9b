package dev.vigil.process;

import dev.vigil.stack.LogSpec;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * One service's log file, shared by all its instances and both their streams: whole lines are
 * appended, and the file is rotated ({@code x.log} → {@code x.log.1} → … → {@code x.log.<keep>})
 * before a line would make it larger than the limit.
 */
final class RotatingLog implements AutoCloseable {

    private static final int BUFFER = 64 * 1024;

    private final Path file;
    private LogSpec limits;
    private OutputStream out;
    private long size;
    private boolean closed;
    private boolean failureReported;

    RotatingLog(Path file, LogSpec limits) {
        this.file = file;
        this.limits = limits;
    }

    Path file() {
        return file;
    }

    /** Applies the limits of a newer spec of the service from the next line on. */
    synchronized void limits(LogSpec value) {
        this.limits = value;
    }

    /**
     * Appends {@code len} bytes and a newline. A log that cannot be written loses the line rather than
     * stopping the caller: the service must never block on a full pipe because its log broke.
     */
    synchronized void writeLine(byte[] bytes, int off, int len) {
        if (closed) {
            return;
        }
        try {
            if (out == null) {
                open();
            }
            if (size > 0 && size + len + 1 > limits.maxBytes()) {
                rotate();
            }
            out.write(bytes, off, len);
            out.write('\n');
            size += len + 1;
        } catch (IOException e) {
            broken(e);
        }
    }

    synchronized void flush() {
        if (out == null) {
            return;
        }
        try {
            out.flush();
        } catch (IOException e) {
            broken(e);
        }
    }

    @Override
    public synchronized void close() {
        flush();
        closed = true;
        closeQuietly();
    }

    private void open() throws IOException {
        Files.createDirectories(file.getParent());
        out = new BufferedOutputStream(Files.newOutputStream(file,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE), BUFFER);
        size = Files.size(file);
        failureReported = false;
    }

    private void rotate() throws IOException {
        out.flush();
        closeQuietly();
        int keep = limits.keep();
        if (keep <= 0) {
            Files.deleteIfExists(file);
        } else {
            Files.deleteIfExists(rotated(keep));
            for (int i = keep - 1; i >= 1; i--) {
                moveIfExists(rotated(i), rotated(i + 1));
            }
            moveIfExists(file, rotated(1));
        }
        open();
    }

    private Path rotated(int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    private static void moveIfExists(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            // Nothing to shift at this position yet.
        }
    }

    /** Drops the stream so the next line tries to open the file again; says so once per breakage. */
    private void broken(IOException e) {
        closeQuietly();
        if (!failureReported) {
            failureReported = true;
            System.err.println("vigil: cannot write log " + file + ": " + e);
        }
    }

    private void closeQuietly() {
        if (out != null) {
            try {
                out.close();
            } catch (IOException e) {
                // The data it could not flush is already lost; the next open starts clean.
            }
            out = null;
        }
    }
}
