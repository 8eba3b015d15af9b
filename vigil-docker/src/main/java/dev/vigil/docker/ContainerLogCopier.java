package dev.vigil.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;
import dev.vigil.runtime.RotatedLogs;
import dev.vigil.stack.LogSpec;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Copies a container's output (stdout and stderr, as the engine's log stream delivers it) to the service's log
 * file, appending, so {@code vigil logs} reads containers the way it reads processes. Rotates the file as the
 * service's {@code logs} say: past {@code max_size} it becomes {@code x.log.1} (older ones move up, {@code keep}
 * are kept) and a new one is begun. Vigil is this file's only writer, so rotation is a rename and loses nothing.
 * Ends with the container.
 */
final class ContainerLogCopier extends ResultCallback.Adapter<Frame> {

    private final Path file;
    private final LogSpec limits;
    // Guarded by this.
    private OutputStream out;
    private long size;
    private boolean closed;

    ContainerLogCopier(Path file, LogSpec limits) throws IOException {
        this.file = file;
        this.limits = limits;
        Files.createDirectories(file.getParent());
        open();
    }

    /**
     * @param sinceEpochSecond 0 for everything the container wrote; an adopted container starts from now, since
     *                         its earlier output is already in the file
     */
    static ContainerLogCopier follow(DockerClient client, String containerId, Path file, LogSpec limits,
                              int sinceEpochSecond) throws IOException {
        ContainerLogCopier copier = new ContainerLogCopier(file, limits);
        var command = client.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withFollowStream(true);
        if (sinceEpochSecond > 0) {
            command = command.withSince(sinceEpochSecond);
        }
        command.exec(copier);
        return copier;
    }

    private void open() throws IOException {
        out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        size = Files.size(file);
    }

    @Override
    public synchronized void onNext(Frame frame) {
        if (closed) {
            return;
        }
        try {
            byte[] payload = frame.getPayload();
            out.write(payload);
            out.flush();
            size += payload.length;
            if (size > limits.maxBytes()) {
                rotate();
            }
        } catch (IOException e) {
            // A full disk must not take the supervisor down; the engine still keeps the container's log.
        }
    }

    private void rotate() throws IOException {
        out.close();
        RotatedLogs.shift(file, limits.keep());
        if (limits.keep() > 0) {
            RotatedLogs.moveIfExists(file, RotatedLogs.rotated(file, 1));
        } else {
            Files.deleteIfExists(file);
        }
        open();
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            synchronized (this) {
                closed = true;
                out.close();
            }
        }
    }

    @Override
    public void onComplete() {
        closeQuietly();
    }

    @Override
    public void onError(Throwable error) {
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            // Already closed.
        }
    }
}
