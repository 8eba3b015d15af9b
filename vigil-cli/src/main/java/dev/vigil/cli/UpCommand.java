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
        description = {"Start the stack's services in dependency order and supervise them: in the foreground, or "
                + "with -d as a daemon in the background.",
                "Ctrl-C (or SIGTERM) stops them in reverse dependency order and exits 0.",
                "On a terminal a live status table is shown; otherwise one timestamped line per event.",
                "Either way the control API listens on 127.0.0.1:7420 (see --listen)."})
final class UpCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "The stack file: vigil.yaml or a Compose file (default: ./vigil.yaml).")
    Path file;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The stack file, as an alternative to FILE.")
    Path fileOption;

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

    @Option(names = {"-d", "--detach"},
            description = "Run as a daemon: return once the stack has started; its log goes to <state>/vigil.log.")
    boolean detach;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "2m",
            description = "With -d: how long to wait for the stack to start (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7420",
            description = "Where the API listens (default: ${DEFAULT-VALUE}; port 0 picks a free one). Anything but "
                    + "a loopback address needs --tls-keystore.")
    String listen;

    @Option(names = "--tls-keystore", paramLabel = "FILE", description = "A PKCS12 keystore: serve the API over HTTPS.")
    Path tlsKeystore;

    @Option(names = "--tls-password-env", paramLabel = "VAR", defaultValue = "VIGIL_TLS_PASSWORD",
            description = "The environment variable holding the keystore's password (default: ${DEFAULT-VALUE}).")
    String tlsPasswordEnv;

    @Option(names = "--api-rate-limit", paramLabel = "N", defaultValue = "100",
            description = "Requests per second each API token may make, bursts of twice that (default: ${DEFAULT-VALUE}).")
    int apiRateLimit;

    @Option(names = "--daemonized", hidden = true, description = "Set by -d for the detached process.")
    boolean daemonized;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        if (maxParallel < 1) {
            throw new InvalidInput("--max-parallel must be at least 1, got " + maxParallel);
        }
        Optional<Duration> duration = parseDuration("--for", runFor);
        Path stackFile = StackFiles.stackFile(StackFiles.given(file, fileOption));
        Stack stack = StackFiles.load(stackFile, err);
        Path state = StackFiles.stateDir(Optional.ofNullable(stateDir), stackFile);
        ListenAddress address = ListenAddress.parse(listen);
        if (tlsKeystore != null && !java.nio.file.Files.isReadable(tlsKeystore)) {
            throw new InvalidInput("--tls-keystore: cannot read " + tlsKeystore);
        }
        if (tlsKeystore == null && !address.loopback()) {
            throw new InvalidInput("--listen " + address + " is not a loopback address: serving the API beyond this "
                    + "machine needs TLS (--tls-keystore FILE, password in $" + tlsPasswordEnv + ")");
        }
        if (apiRateLimit < 1) {
            throw new InvalidInput("--api-rate-limit must be at least 1, got " + apiRateLimit);
        }
        RunOptions options = new RunOptions(maxParallel, plain, duration, address, apiRateLimit,
                Optional.ofNullable(tlsKeystore).map(Path::toAbsolutePath),
                Optional.ofNullable(System.getenv(tlsPasswordEnv)), daemonized);
        if (detach) {
            if (duration.isPresent()) {
                throw new InvalidInput("--for cannot be combined with -d");
            }
            Duration wait = parseDuration("--timeout", timeout).orElseThrow();
            return Daemonize.start(stackFile, state, daemonArgs(stackFile, state, address), wait,
                    spec.commandLine().getOut(), err);
        }
        return Supervise.run(stack, state, options, System.out, err);
    }

    /** The command line of the detached process: the same stack and options, in the foreground mode. */
    private java.util.List<String> daemonArgs(Path stackFile, Path state, ListenAddress address) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("up", "--daemonized", "--plain",
                "--state-dir", state.toString(), "--max-parallel", Integer.toString(maxParallel),
                "--listen", address.toString(), "--tls-password-env", tlsPasswordEnv,
                "--api-rate-limit", Integer.toString(apiRateLimit)));
        if (tlsKeystore != null) {
            args.add("--tls-keystore");
            args.add(tlsKeystore.toAbsolutePath().toString());
        }
        args.add(stackFile.toString());
        return args;
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
