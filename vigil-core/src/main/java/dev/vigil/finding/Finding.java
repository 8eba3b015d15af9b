package dev.vigil.finding;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * A detector's conclusion that a resource grows steadily towards its limit, with its evidence. It stays open while
 * the trend holds and is resolved when it no longer does (the instance was restarted, the growth stopped).
 *
 * @param id stable while it is open: {@code memory:api}, {@code disk:/var}; a later finding on the same
 *           resource has the same id and a later {@code openedAt}
 * @param service the service it concerns; empty for the host's resources
 * @param subject what grows: the service's name, a mount point, {@code host}
 * @param slopePerSecond the rise, in the resource's unit (bytes, descriptors, inodes) per second
 * @param r2 how well a line fits the rise (1 is a perfect line)
 * @param span how much time the evidence covers
 * @param value the fitted value now
 * @param limit the value it will cross
 * @param reachesAt when it will cross it at this rate
 * @param summary one line for people: {@code leak: RSS +1.2 MB/min over 40 min, R² 0.97, reaches 512 MiB in ~41 min}
 */
public record Finding(String id, Resource resource, Optional<String> service, String subject, Instant openedAt,
                      double slopePerSecond, double r2, Duration span, double value, double limit, Instant reachesAt,
                      String summary) {

    /** What a finding is about, with the unit its values are in. */
    public enum Resource {
        /** A service's resident memory towards its memory limit (Vigil's, the container's, or the host's memory). */
        MEMORY("memory", "bytes"),
        /** A service's open file descriptors towards their limit. */
        FDS("fds", "descriptors"),
        /** The host's memory in use towards all of it. */
        HOST_MEMORY("host_memory", "bytes"),
        /** A filesystem's used space towards its size. */
        DISK("disk", "bytes"),
        /** A filesystem's used inodes towards all of them. */
        INODES("inodes", "inodes");

        private final String label;
        private final String unit;

        Resource(String label, String unit) {
            this.label = label;
            this.unit = unit;
        }

        public String label() {
            return label;
        }

        public String unit() {
            return unit;
        }

        @Override
        public String toString() {
            return label;
        }

        public static Optional<Resource> parse(String text) {
            for (Resource r : values()) {
                if (r.label.equals(text)) {
                    return Optional.of(r);
                }
            }
            return Optional.empty();
        }
    }

    /** How long from {@code at} until the limit is reached (zero once it has been). */
    public Duration timeLeft(Instant at) {
        Duration left = Duration.between(at, reachesAt);
        return left.isNegative() ? Duration.ZERO : left;
    }
}
