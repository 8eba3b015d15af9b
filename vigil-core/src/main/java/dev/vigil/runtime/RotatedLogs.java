package dev.vigil.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** The rotated files of a service log, as every runtime names them: {@code x.log.1} newest … {@code x.log.N}. */
public final class RotatedLogs {

    private RotatedLogs() {
    }

    public static Path rotated(Path file, int n) {
        return file.resolveSibling(file.getFileName() + "." + n);
    }

    /** Makes room for a new {@code .1}: deletes the oldest one kept ({@code .keep}) and moves each other up one. */
    public static void shift(Path file, int keep) throws IOException {
        if (keep <= 0) {
            return;
        }
        Files.deleteIfExists(rotated(file, keep));
        for (int i = keep - 1; i >= 1; i--) {
            moveIfExists(rotated(file, i), rotated(file, i + 1));
        }
    }

    /** Moves {@code from} to {@code to}, replacing it, when {@code from} exists. */
    public static void moveIfExists(Path from, Path to) throws IOException {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            // Nothing at this position yet.
        }
    }
}
