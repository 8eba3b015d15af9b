package dev.vigil.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The vigil command as a user runs it: a separate JVM in a working directory, with its own registry of daemons
 * (XDG_STATE_HOME) so tests never see each other's daemons or the user's.
 */
final class VigilJvm {

    record Result(int code, String out, String err) {
    }

    /** A vigil process and the files its output goes to. */
    record Started(Process process, Path out, Path err) {
        String output() throws IOException {
            return Files.readString(out) + Files.readString(err);
        }
    }

    private final Path dir;
    private final Map<String, String> env;
    private final AtomicInteger runs = new AtomicInteger();

    VigilJvm(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = env;
    }

    VigilJvm(Path dir) {
        this(dir, Map.of());
    }

    Path dir() {
        return dir;
    }

    /** Starts vigil with these arguments; output goes to files named after the run. */
    Started start(String... args) throws IOException {
        return start(Map.of(), args);
    }

    Started start(Map<String, String> extraEnv, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1", "-Xss512k",
                "-cp", System.getProperty("java.class.path"), Main.class.getName()));
        command.addAll(List.of(args));
        int n = runs.incrementAndGet();
        Path out = dir.resolve("out-" + n + ".txt");
        Path err = dir.resolve("err-" + n + ".txt");
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().put("XDG_STATE_HOME", dir.resolve("xdg").toString());
        builder.environment().remove("VIGIL_HOME");
        builder.environment().putAll(env);
        builder.environment().putAll(extraEnv);
        return new Started(builder.start(), out, err);
    }

    /** Runs vigil to completion (at most a minute) and returns what it said. */
    Result run(String... args) throws Exception {
        Started s = start(args);
        assertThat(s.process().waitFor(60, TimeUnit.SECONDS)).as("vigil %s finished", List.of(args)).isTrue();
        return new Result(s.process().exitValue(), Files.readString(s.out()), Files.readString(s.err()));
    }
}
