package dev.vigil.process;

import dev.vigil.runtime.RotatedLogs;
import dev.vigil.stack.LogSpec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One service's log file, {@code <service>.log}, shared by all its instances. The instances write to it
 * themselves (both streams opened in append mode by the child), so output keeps flowing when Vigil is not
 * running; Vigil only rotates it and reads its tail.
 *
 * <p>Positions are logical: bytes written to the file since this object was made, counting what rotation moved
 * away, so that an instance's output can be told from its predecessors' after a rotation.
 */
final class ServiceLog {

    /** How much of the end of the files a tail reads at most, whatever the number of lines asked for. */
    static final int TAIL_BYTES = 64 * 1024;

    /** A position before anything any file holds: a tail from here reads whatever is left. */
    static final long BEGINNING = Long.MIN_VALUE / 4;

    private final Path file;
    private volatile LogSpec limits;
    /** Checks skipped after one that found the file no larger than the one before: quiet logs cost less. */
    static final int QUIET_SKIPS = 4;

    // Guarded by this: the bytes moved to rotated files by this object.
    private long rotatedBytes;
    // Guarded by this: the size the last check saw, and how many checks to skip before the next look.
    private long checkedSize = -1;
    private int checksToSkip;

    ServiceLog(Path file, LogSpec limits) {
        this.file = file;
        this.limits = limits;
    }

    Path file() {
        return file;
    }

    /** Applies the limits of a newer spec of the service from the next check on. */
    void limits(LogSpec value) {
        this.limits = value;
    }

    /** Creates the file (and its directory) if needed: a child can only be given a file that exists. */
    synchronized void create() throws IOException {
        Files.createDirectories(file.getParent());
        try {
            Files.createFile(file);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            // Earlier instances' output: new output is appended to it.
        }
    }

    /** The logical position of the end of the file now: where the next byte written will be. */
    synchronized long end() {
        return rotatedBytes + size(file);
    }

    /**
     * The periodic check: {@link #rotateIfLarge()}, except that after a look that found the file no larger than
     * at the look before, the next {@link #QUIET_SKIPS} checks do nothing. A log that starts growing again is
     * seen within {@code QUIET_SKIPS + 1} checks.
     */
    synchronized void check() throws IOException {
        if (checksToSkip > 0) {
            checksToSkip--;
            return;
        }
        rotateIfLarge();
    }

    /**
     * Rotates when the file is larger than the limit: {@code x.log.1} → {@code x.log.2} …, dropping the oldest,
     * then copies {@code x.log} to {@code x.log.1} and truncates {@code x.log} to zero. Copy-then-truncate, not
     * rename: the instances hold the file open with O_APPEND and go on writing to it after the truncate, at its
     * new end. Bytes a service writes between the end of the copy and the truncate are lost: the copy reads to
     * end-of-file and the truncate follows at once on the same channel, so the window is a few microseconds,
     * but no lock can close it, since the writers are other processes.
     */
    synchronized void rotateIfLarge() throws IOException {
        LogSpec spec = limits;
        long size = size(file);
        checksToSkip = size == checkedSize ? QUIET_SKIPS : 0;
        checkedSize = size;
        if (size <= spec.maxBytes()) {
            return;
        }
        checkedSize = -1;
        int keep = spec.keep();
        RotatedLogs.shift(file, keep);
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long copied = keep > 0 ? copyToEnd(in, rotated(1)) : in.size();
            in.truncate(0);
            rotatedBytes += copied;
        }
    }

    /**
     * Up to {@code max} of the last lines written at or after logical position {@code from}, oldest first,
     * reading at most {@link #TAIL_BYTES} from the end of the file and, when that is not enough, of
     * {@code x.log.1}. A last line without its newline yet is included.
     */
    synchronized List<String> tail(long from, int max) {
        if (max <= 0) {
            return List.of();
        }
        long size = size(file);
        long inCurrent = from - rotatedBytes;
        if (inCurrent > size) {
            inCurrent = 0; // truncated behind our back: what is there now is all that is left
        }
        List<String> lines = new ArrayList<>();
        int budget = TAIL_BYTES;
        long start = Math.max(0, inCurrent);
        boolean complete = read(file, Math.max(start, size - budget), size, start, lines);
        budget -= (int) Math.min(budget, size - start);
        if (complete && lines.size() < max && inCurrent < 0 && budget > 0) {
            // Part of it went to the rotated file at the last rotation.
            Path older = rotated(1);
            long olderSize = size(older);
            long olderStart = Math.max(0, olderSize + inCurrent);
            List<String> earlier = new ArrayList<>();
            read(older, Math.max(olderStart, olderSize - budget), olderSize, olderStart, earlier);
            earlier.addAll(lines);
            lines = earlier;
        }
        return List.copyOf(lines.subList(Math.max(0, lines.size() - max), lines.size()));
    }

    /**
     * Adds the lines of bytes [begin, end) of a file to {@code lines}; when {@code begin} is after {@code start}
     * (the window was cut), the first, partial line is dropped. Returns whether the window was not cut.
     */
    private static boolean read(Path path, long begin, long end, long start, List<String> lines) {
        if (end <= begin) {
            return true;
        }
        byte[] bytes = new byte[(int) (end - begin)];
        int n = 0;
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            ByteBuffer buf = ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) {
                int r = ch.read(buf, begin + buf.position());
                if (r < 0) {
                    break; // truncated while reading: what was read is what there is
                }
            }
            n = buf.position();
        } catch (NoSuchFileException e) {
            return true;
        } catch (IOException e) {
            return false;
        }
        int pos = 0;
        boolean cut = begin > start;
        if (cut) {
            int newline = indexOf(bytes, n, 0);
            if (newline >= 0 && newline < n - 1) {
                pos = newline + 1;
            }
        }
        while (pos < n) {
            int newline = indexOf(bytes, n, pos);
            int lineEnd = newline < 0 ? n : newline;
            int textEnd = lineEnd > pos && bytes[lineEnd - 1] == '\r' ? lineEnd - 1 : lineEnd;
            lines.add(new String(bytes, pos, textEnd - pos, StandardCharsets.UTF_8));
            pos = lineEnd + 1;
        }
        return !cut;
    }

    private static int indexOf(byte[] bytes, int n, int from) {
        for (int i = from; i < n; i++) {
            if (bytes[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    /** Copies {@code in} from its start to {@code to} until it has no more bytes; returns how many. */
    private static long copyToEnd(FileChannel in, Path to) throws IOException {
        try (FileChannel out = FileChannel.open(to, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            long position = 0;
            long n;
            // Until a transfer moves nothing: the services may be appending while we copy.
            while ((n = in.transferTo(position, Long.MAX_VALUE, out)) > 0) {
                position += n;
            }
            return position;
        }
    }

    private Path rotated(int n) {
        return RotatedLogs.rotated(file, n);
    }

    private static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            return 0;
        }
    }

}
