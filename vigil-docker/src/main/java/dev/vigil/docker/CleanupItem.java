package dev.vigil.docker;

import java.nio.file.Path;
import java.util.OptionalLong;

/** One thing {@code vigil cleanup} would remove, with the bytes removing it reclaims (when known). */
public sealed interface CleanupItem {

    /** Bytes reclaimed by removing it; empty when the engine does not say (volumes on Podman). */
    OptionalLong bytes();

    /** How the report names it, e.g. {@code container vigil-shop-web (exited)}. */
    String describe();

    /** A stopped container carrying the stack's labels. */
    record StoppedContainer(String id, String name, String state, OptionalLong bytes) implements CleanupItem {
        public String describe() {
            return "container " + name + " (" + id + ", " + state + ")";
        }
    }

    /** An untagged image that no container (of any stack, running or not) uses. */
    record DanglingImage(String id, OptionalLong bytes) implements CleanupItem {
        public String describe() {
            return "dangling image " + id;
        }
    }

    /** A volume of this stack that no container mounts. */
    record UnusedVolume(String name, OptionalLong bytes) implements CleanupItem {
        public String describe() {
            return "volume " + name;
        }
    }

    /** A rotated log file ({@code <svc>.log.N}); the live {@code <svc>.log} is never one. */
    record RotatedLog(Path file, OptionalLong bytes) implements CleanupItem {
        public String describe() {
            return "log " + file;
        }
    }
}
