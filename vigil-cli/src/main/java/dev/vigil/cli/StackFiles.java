package dev.vigil.cli;

import dev.vigil.stack.InvalidStackException;
import dev.vigil.stack.Problem;
import dev.vigil.stack.Stack;
import dev.vigil.stack.StackLoader;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the stack file and its state directory the way every command does. */
final class StackFiles {

    static final String DEFAULT_FILE = "vigil.yaml";
    static final String STATE_DIR_ENV = "VIGIL_HOME";

    private StackFiles() {
    }

    /** The given file, or {@code vigil.yaml} in the working directory. */
    static Path stackFile(Optional<Path> given) {
        return given.orElse(Path.of(DEFAULT_FILE)).toAbsolutePath().normalize();
    }

    /** {@code --state-dir}, else {@code $VIGIL_HOME}, else {@code .vigil/} beside the stack file. */
    static Path stateDir(Optional<Path> given, Path stackFile) {
        if (given.isPresent()) {
            return given.get().toAbsolutePath().normalize();
        }
        String env = System.getenv(STATE_DIR_ENV);
        if (env != null && !env.isBlank()) {
            return Path.of(env).toAbsolutePath().normalize();
        }
        return stackFile.getParent().resolve(".vigil");
    }

    /** Loads and validates; prints every problem and throws {@link InvalidInput} when there are any. */
    static Stack load(Path file, PrintWriter err) {
        if (!Files.exists(file)) {
            throw new InvalidInput("no stack file at " + file + " (give one as an argument, e.g. vigil up my/vigil.yaml)");
        }
        try {
            return StackLoader.load(file);
        } catch (InvalidStackException e) {
            for (Problem p : e.problems()) {
                err.println(p);
            }
            err.flush();
            throw new InvalidInput(e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems")
                    + " in " + file);
        }
    }
}
