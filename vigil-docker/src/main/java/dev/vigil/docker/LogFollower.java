package dev.vigil.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.model.Frame;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Copies a container's output (stdout and stderr, as the engine's log stream delivers it) to the service's log
 * file, appending, so {@code vigil logs} reads containers the way it reads processes. Ends with the container.
 */
final class LogFollower extends ResultCallback.Adapter<Frame> {

    private final OutputStream out;

    private LogFollower(OutputStream out) {
        this.out = out;
    }

    /**
     * @param sinceEpochSecond 0 for everything the container wrote; an adopted container starts from now, since
     *                         its earlier output is already in the file
     */
    static LogFollower follow(DockerClient client, String containerId, Path file, int sinceEpochSecond)
            throws IOException {
        Files.createDirectories(file.getParent());
        OutputStream out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        LogFollower follower = new LogFollower(out);
        var command = client.logContainerCmd(containerId).withStdOut(true).withStdErr(true).withFollowStream(true);
        if (sinceEpochSecond > 0) {
            command = command.withSince(sinceEpochSecond);
        }
        command.exec(follower);
        return follower;
    }

    @Override
    public void onNext(Frame frame) {
        try {
            synchronized (out) {
                out.write(frame.getPayload());
                out.flush();
            }
        } catch (IOException e) {
            // A full disk must not take the supervisor down; the engine still keeps the container's log.
        }
    }

    @Override
    public void close() throws IOException {
        try {
            super.close();
        } finally {
            synchronized (out) {
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
