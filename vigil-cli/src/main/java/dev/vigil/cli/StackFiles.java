package dev.vigil.cli;

import dev.vigil.compose.ComposeLoader;
import dev.vigil.compose.ComposeResult;
import dev.vigil.compose.Warning;
import dev.vigil.stack.InvalidStackException;
import dev.vigil.stack.Problem;
import dev.vigil.stack.Stack;
import dev.vigil.stack.StackLoader;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.YAMLException;

/** Finds the stack file and its state directory the way every command does. */
final class StackFiles {

    static final String DEFAULT_FILE = "vigil.yaml";
    static final String STATE_DIR_ENV = "VIGIL_HOME";
    static final Set<String> COMPOSE_NAMES = Set.of("compose.yaml", "compose.yml", "docker-compose.yaml",
            "docker-compose.yml");
    /** Service keys only a Compose file uses; a vigil.yaml container service says these differently. */
    private static final Set<String> COMPOSE_ONLY_KEYS = Set.of("build", "environment", "healthcheck", "networks",
            "deploy", "container_name", "mem_limit", "cpus", "pids_limit", "profiles", "stop_signal",
            "stop_grace_period", "expose", "working_dir", "user");

    private StackFiles() {
    }

    /**
     * The given file, else {@code vigil.yaml} in the working directory, else a Compose file there
     * ({@code compose.yaml}, {@code compose.yml}, {@code docker-compose.yaml}, {@code docker-compose.yml}).
     */
    static Path stackFile(Optional<Path> given) {
        return given.or(StackFiles::inWorkingDirectory).orElse(Path.of(DEFAULT_FILE)).toAbsolutePath().normalize();
    }

    /** The stack file of the working directory, when it has one. */
    static Optional<Path> inWorkingDirectory() {
        if (Files.exists(Path.of(DEFAULT_FILE))) {
            return Optional.of(Path.of(DEFAULT_FILE));
        }
        return COMPOSE_NAMES.stream().sorted().map(Path::of).filter(Files::exists).findFirst();
    }

    /** The positional FILE or {@code -f FILE}: not both. */
    static Optional<Path> given(Path positional, Path option) {
        if (positional != null && option != null && !positional.equals(option)) {
            throw new InvalidInput("give the stack file once: either FILE or -f FILE, not both");
        }
        return Optional.ofNullable(option != null ? option : positional);
    }

    /**
     * A Compose file: named like one ({@code compose.yaml}, {@code docker-compose.yml}, ...), or a YAML map whose
     * {@code services} use {@code build}, or {@code image} together with keys that only Compose has.
     */
    static boolean isCompose(Path file) {
        if (COMPOSE_NAMES.contains(String.valueOf(file.getFileName()))) {
            return true;
        }
        Object root;
        try {
            root = new Yaml(new LoaderOptions()).load(Files.readString(file));
        } catch (IOException | YAMLException | ClassCastException e) {
            return false; // the vigil.yaml loader reports what is wrong with it
        }
        if (!(root instanceof Map<?, ?> top) || !(top.get("services") instanceof Map<?, ?> services)) {
            return false;
        }
        return services.values().stream().anyMatch(service -> service instanceof Map<?, ?> keys
                && (keys.containsKey("build") || keys.containsKey("image")
                && keys.keySet().stream().anyMatch(COMPOSE_ONLY_KEYS::contains)));
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
            if (isCompose(file)) {
                ComposeResult result = ComposeLoader.load(file);
                printWarnings(result.warnings(), err);
                return result.stack();
            }
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

    static void printWarnings(List<Warning> warnings, PrintWriter err) {
        for (Warning w : warnings) {
            err.println(w);
        }
        err.flush();
    }
}
