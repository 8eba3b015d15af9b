package dev.vigil.docker;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.DockerException;
import com.github.dockerjava.api.exception.NotFoundException;

import java.time.Instant;
import java.util.Optional;

/** Small pieces every part of the docker runtime needs when it talks to the engine. */
final class EngineCalls {

    private EngineCalls() {
    }

    /** The engine's own words for a failed call. */
    static String message(DockerException e) {
        String text = e.getMessage();
        return text == null ? e.getClass().getSimpleName() : text.strip();
    }

    /** A time as the engine writes it, if it is one (a container that never ran has a zero time or none). */
    static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Removes a container, running or not; one already gone is fine. */
    static void removeQuietly(DockerClient client, String id) {
        try {
            client.removeContainerCmd(id).withForce(true).exec();
        } catch (NotFoundException e) {
            // Already gone.
        }
    }
}
