package dev.vigil.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The pid file {@code run/vigil.pid}, held under an exclusive lock for as long as a Vigil supervises the stack,
 * so two can never supervise the same state directory. The kernel drops the lock when the process dies, even
 * by {@code kill -9}: a stale pid file never blocks a new start.
 */
final class DaemonLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private DaemonLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    static Path file(Path stateDir) {
        return stateDir.resolve("run").resolve("vigil.pid");
    }

    /** Takes the lock and writes our pid; empty when another process holds it. */
    static Optional<DaemonLock> tryAcquire(Path stateDir) {
        Path file = file(stateDir);
        try {
            Files.createDirectories(file.getParent());
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.READ);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                channel.close();
                return Optional.empty();
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)), 0);
            channel.force(true);
            return Optional.of(new DaemonLock(channel, lock));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** The pid written in the pid file, if the file holds one (whether or not it is locked now). */
    static OptionalLong writtenPid(Path stateDir) {
        try {
            String text = Files.readString(file(stateDir), StandardCharsets.US_ASCII).trim();
            return text.isEmpty() ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(text));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Says who holds the lock, for the message of a refused second start. */
    static String heldMessage(Path stateDir) {
        String pid = writtenPid(stateDir).stream().mapToObj(p -> "pid " + p).findFirst().orElse("another process");
        return "another Vigil (" + pid + ") already supervises this stack (state dir " + stateDir + "); "
                + "see `vigil status`, or stop it with `vigil down`";
    }

    @Override
    public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            // closing the channel releases the lock anyway
        }
    }
}
