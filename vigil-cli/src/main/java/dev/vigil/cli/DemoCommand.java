package dev.vigil.cli;

import dev.vigil.stack.Stack;
import dev.vigil.supervise.StackSupervisor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import dev.vigil.server.RateLimit;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code vigil demo}: the quickstart stack, to watch each kind of healing. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run examples/quickstart: a healthy web service, one that crashes now and then, one that hangs "
                + "and one that leaks memory past its limit. Within a minute Vigil heals each of them.",
                "Ctrl-C stops the demo; `vigil events -f examples/quickstart/vigil.yaml` shows what happened."})
final class DemoCommand implements Callable<Integer> {

    static final String HOME_PROPERTY = "vigil.home";

    @Spec
    CommandSpec spec;

    @Option(names = "--for", paramLabel = "DURATION", description = "Stop by itself after this long, e.g. 90s.")
    String runFor;

    @Option(names = "--plain", description = "Print event lines even on a terminal.")
    boolean plain;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:7420",
            description = "Where the API listens (default: ${DEFAULT-VALUE}; loopback only for the demo).")
    String listen;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter err = spec.commandLine().getErr();
        Optional<Duration> duration = UpCommand.parseDuration("--for", runFor);
        Path file = quickstart();
        Stack stack = StackFiles.load(file, err);
        if (plain || !Terminal.isInteractive()) {
            System.out.println("vigil demo: supervising " + file + "; Ctrl-C stops it. Watch for: flaky crashing "
                    + "(restart), hang failing its probe (restart), leak passing 200M (memory restart).");
        }
        RunOptions options = new RunOptions(StackSupervisor.DEFAULT_MAX_PARALLEL_STARTS, plain, duration,
                ListenAddress.parse(listen), (int) RateLimit.DEFAULT.perSecond(), Optional.empty(), Optional.empty(), false);
        return Supervise.run(stack, StackFiles.stateDir(Optional.empty(), file), options, System.out, err);
    }

    /** The quickstart stack: beside the launcher ({@code -Dvigil.home}), else under the working directory. */
    private static Path quickstart() {
        String home = System.getProperty(HOME_PROPERTY);
        Path base = home != null ? Path.of(home) : Path.of("");
        Path file = base.resolve("examples/quickstart/vigil.yaml").toAbsolutePath().normalize();
        if (!Files.exists(file)) {
            throw new InvalidInput("the demo stack is not at " + file + "; run the demo from the Vigil checkout (./vigil demo)");
        }
        return file;
    }
}
