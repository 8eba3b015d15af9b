package dev.vigil.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A copy of the {@code vigil} launcher in a directory of its own, run as a user types it: {@code ./vigil ARGS}
 * from that directory, with a registry of daemons (XDG_STATE_HOME) no other test shares. Either the whole
 * repository (sources, no build output: the launcher builds it) or the launcher beside the jar this build packaged.
 */
final class LauncherCopy {

    /** What a run of {@code ./vigil} did. */
    record Result(int code, String out, String err) {
    }

    /** What a source copy leaves out, at any depth: build output, local state, history. */
    private static final Set<String> NOT_COPIED = Set.of("target", ".git", ".vigil", "node_modules",
            ".build.lock", ".build.log", ".jqwik-database");

    private final Path root;
    private final Map<String, String> env = new HashMap<>();
    private final AtomicInteger runs = new AtomicInteger();

    private LauncherCopy(Path root) {
        this.root = root;
        env.put("XDG_STATE_HOME", root.resolve(".xdg").toString());
        env.put("TZ", "UTC"); // messages name local times: the same on every machine
    }

    /** The repository this test runs in (its sources, launcher and scripts), copied without any build output. */
    static LauncherCopy ofRepository(Path into) throws IOException {
        Path repository = Path.of(System.getProperty("vigil.root")).toRealPath();
        copyTree(repository, into);
        return new LauncherCopy(into);
    }

    /** The launcher and the script it needs, with the jar this build packaged where the launcher looks for it. */
    static LauncherCopy withBuiltJar(Path into) throws IOException {
        Path repository = Path.of(System.getProperty("vigil.root")).toRealPath();
        for (String file : List.of("vigil", "scripts/java-home.sh")) {
            Files.createDirectories(into.resolve(file).getParent());
            Files.copy(repository.resolve(file), into.resolve(file), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path jar = into.resolve("vigil-cli/target/vigil.jar");
        Files.createDirectories(jar.getParent());
        Files.copy(Path.of(System.getProperty("vigil.jar")), jar);
        return new LauncherCopy(into);
    }

    Path root() {
        return root;
    }

    Path jar() {
        return root.resolve("vigil-cli/target/vigil.jar");
    }

    /** Starts {@code ./vigil ARGS} in the copy's root; its output goes to files named after the run. */
    Started start(Map<String, String> extraEnv, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of("./vigil"));
        command.addAll(List.of(args));
        int n = runs.incrementAndGet();
        Path out = root.resolve(".runs/out-" + n + ".txt");
        Path err = root.resolve(".runs/err-" + n + ".txt");
        Files.createDirectories(out.getParent());
        ProcessBuilder builder = new ProcessBuilder(command).directory(root.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("VIGIL_HOME");
        builder.environment().putAll(env);
        builder.environment().putAll(extraEnv);
        return new Started(builder.start(), out, err);
    }

    /** Runs {@code ./vigil ARGS} to completion (at most {@code seconds}) and returns what it said. */
    Result run(long seconds, Map<String, String> extraEnv, String... args) throws Exception {
        return start(extraEnv, args).await(seconds);
    }

    Result run(String... args) throws Exception {
        return run(120, Map.of(), args);
    }

    /** A launch under way. */
    record Started(Process process, Path out, Path err) {
        Result await(long seconds) throws Exception {
            assertThat(process.waitFor(seconds, TimeUnit.SECONDS)).as("./vigil finished within %d s", seconds).isTrue();
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> entries = Files.walk(from)) {
            entries.filter(p -> from.relativize(p).toString().isEmpty() || !excluded(from.relativize(p)))
                    .forEach(p -> copy(p, to.resolve(from.relativize(p).toString())));
        }
    }

    private static boolean excluded(Path relative) {
        if (relative.startsWith("bench/out")) {
            return true;
        }
        for (Path part : relative) {
            if (NOT_COPIED.contains(part.toString())) {
                return true;
            }
        }
        return false;
    }

    private static void copy(Path source, Path target) {
        try {
            if (Files.isDirectory(source)) {
                Files.createDirectories(target);
            } else {
                Files.copy(source, target, StandardCopyOption.COPY_ATTRIBUTES, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
