package dev.vigil.process;

import dev.vigil.runtime.StartFailure;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Optional;

/** Finds programs the way execvp(3) would, so a missing one is reported before anything is launched. */
final class Executables {

    static final File DEV_NULL = new File("/dev/null");

    /** What execvp uses when the environment has no PATH. */
    private static final String DEFAULT_PATH = "/bin:/usr/bin";

    private Executables() {
    }

    /** The first executable regular file called {@code name} in the directories of {@code path}. */
    static Optional<Path> onPath(String name, String path) {
        return onPath(name, path, Path.of("").toAbsolutePath());
    }

    /**
     * The same, for a program that will run in {@code cwd}: relative PATH entries (and an empty one,
     * meaning the current directory) are taken relative to it, as execvp would in the child.
     */
    static Optional<Path> onPath(String name, String path, Path cwd) {
        for (String dir : (path == null ? DEFAULT_PATH : path).split(":", -1)) {
            try {
                Path candidate = cwd.resolve(dir.isEmpty() ? "." : dir).resolve(name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            } catch (InvalidPathException e) {
                // A malformed PATH entry cannot hold the program; try the next one.
            }
        }
        return Optional.empty();
    }

    /**
     * The program to exec for {@code program}, run in {@code cwd} with {@code path} as PATH: a name with
     * a slash is taken relative to {@code cwd}; a bare name is looked up on {@code path}.
     *
     * @throws StartFailure naming the program when there is no such executable
     */
    static Path resolve(String program, Path cwd, String path) {
        if (program.isEmpty()) {
            throw new StartFailure("command not found: (empty program name)");
        }
        if (program.indexOf('/') < 0) {
            return onPath(program, path, cwd).orElseThrow(() -> new StartFailure("command not found: " + program));
        }
        Path file;
        try {
            file = cwd.resolve(program);
        } catch (InvalidPathException e) {
            throw new StartFailure("command not found: " + program);
        }
        if (!Files.exists(file)) {
            throw new StartFailure("command not found: " + program + (file.toString().equals(program) ? "" : " (" + file + ")"));
        }
        if (!Files.isRegularFile(file) || !Files.isExecutable(file)) {
            throw new StartFailure("not an executable file: " + file);
        }
        return file;
    }
}
