package dev.vigil.cli;

import dev.vigil.stack.Durations;
import dev.vigil.stack.Stack;
import dev.vigil.supervise.StackSupervisor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code vigil up [FILE]}: supervise a stack in the foreground. */
@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start the stack's services in dependency order and supervise them in the foreground.",
                "Ctrl-C (or SIGTERM) stops them in reverse dependency order and exits 0.",
                "On a terminal a live status table is shown; otherwise one timestamped line per event."})
final class UpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "The stack file (default: ./vigil.yaml).")
    Path file;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "Where the database and logs live (default: $VIGIL_HOME, else .vigil/ beside FILE).")
    Path stateDir;

    @Option(names = "--max-parallel", paramLabel = "N", defaultValue = "" + StackSupervisor.DEFAULT_MAX_PARALLEL_STARTS,
            description = "How many services may be starting at once (default: ${DEFAULT-VALUE}).")
    int maxParallel;

    @Option(names = "--plain", description = "Print event lines even on a terminal.")
    boolean plain;

    @Option(names = "--for", paramLabel = "DURATION",
            description = "Stop the stack by itself after this long, e.g. 90s (default: run until stopped).")
    String runFor;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        if (maxParallel < 1) {
            throw new InvalidInput("--max-parallel must be at least 1, got " + maxParallel);
        }
        Optional<Duration> duration = parseDuration("--for", runFor);
        Path stackFile = StackFiles.stackFile(Optional.ofNullable(file));
        Stack stack = StackFiles.load(stackFile, err);
        Path state = StackFiles.stateDir(Optional.ofNullable(stateDir), stackFile);
        return Supervise.run(stack, state, maxParallel, plain, duration, System.out, err);
    }

    static Optional<Duration> parseDuration(String option, String text) {
        if (text == null) {
            return Optional.empty();
        }
        Duration d = Durations.parse(text).orElseThrow(() ->
                new InvalidInput(option + ": \"" + text + "\" is not a duration (use e.g. 250ms, 5s, 2m, 1h)"));
        return Optional.of(d);
    }
}
