package dev.vigil.process;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Copies one output stream of an instance, line by line, into its log file and its in-memory tail,
 * until the last writer closes the pipe. It runs on a small platform thread, not a virtual one: a
 * read from a pipe pins its carrier, and a hundred services' pumps would take the carrier pool that
 * probes and supervisor lanes need. A line longer than
 * {@link #MAX_LINE} bytes is cut there and the rest of it dropped.
 */
final class LogPump implements Runnable {

    static final int MAX_LINE = 64 * 1024;

    private final InputStream in;
    private final RotatingLog log;
    private final LogTail tail;
    private static final long STACK_BYTES = 128 * 1024;

    // Grows on demand up to MAX_LINE: most services write short lines, and there are two pumps per service.
    private byte[] line = new byte[256];
    private int lineLength;
    private boolean cutting;

    LogPump(InputStream in, RotatingLog log, LogTail tail) {
        this.in = in;
        this.log = log;
        this.tail = tail;
    }

    static Thread start(String name, InputStream in, RotatingLog log, LogTail tail) {
        return Thread.ofPlatform().name(name).daemon(true).stackSize(STACK_BYTES).start(new LogPump(in, log, tail));
    }

    @Override
    public void run() {
        byte[] buffer = new byte[4 * 1024];
        try (in) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                accept(buffer, n);
                log.flush();
            }
        } catch (IOException e) {
            // The pipe broke (the stream was closed under us): what was read is written below.
        }
        if (lineLength > 0) {
            emit(line, 0, lineLength);
        }
        log.flush();
    }

    void accept(byte[] buffer, int n) {
        int start = 0;
        for (int i = 0; i < n; i++) {
            if (buffer[i] != '\n') {
                continue;
            }
            if (lineLength == 0 && !cutting && i - start <= MAX_LINE) {
                emit(buffer, start, i - start);
            } else {
                append(buffer, start, i - start);
                if (!cutting) {
                    emit(line, 0, lineLength);
                }
                lineLength = 0;
                cutting = false;
            }
            start = i + 1;
        }
        append(buffer, start, n - start);
    }

    private void append(byte[] bytes, int off, int len) {
        if (cutting || len == 0) {
            return;
        }
        int take = Math.min(MAX_LINE - lineLength, len);
        if (lineLength + take > line.length) {
            line = Arrays.copyOf(line, Math.min(MAX_LINE, Math.max(line.length * 2, lineLength + take)));
        }
        System.arraycopy(bytes, off, line, lineLength, take);
        lineLength += take;
        if (take < len) {
            emit(line, 0, lineLength);
            lineLength = 0;
            cutting = true;
        }
    }

    private void emit(byte[] bytes, int off, int len) {
        log.writeLine(bytes, off, len);
        int end = len > 0 && bytes[off + len - 1] == '\r' ? len - 1 : len;
        tail.add(new String(bytes, off, end, StandardCharsets.UTF_8));
    }
}
