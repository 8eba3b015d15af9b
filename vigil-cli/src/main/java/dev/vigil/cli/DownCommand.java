package dev.vigil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/** {@code vigil down}: stop the stack in reverse dependency order, then the daemon. */
@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop the running stack's services in reverse dependency order, then the daemon.")
final class DownCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DaemonTarget target;

    @Option(names = "--timeout", paramLabel = "DURATION", defaultValue = "5m",
            description = "How long to wait for everything to stop (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--keep-services",
            description = "Stop only the daemon and leave the services running: the next `vigil up` adopts them "
                    + "(to upgrade or restart Vigil itself).")
    boolean keepServices;

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        Duration wait = UpCommand.parseDuration("--timeout", timeout).orElseThrow();
        Path stateDir = target.stateDir();
        DaemonInfo info = DaemonInfo.running(stateDir).orElseThrow(() -> new DaemonUnavailable(
                "no Vigil daemon is running for state dir " + stateDir));
        ApiClient.forDaemon(info).post("/api/v1/stack/down",
                new ObjectMapper().createObjectNode().put("keep_services", keepServices));
        ProcessHandle handle = ProcessHandle.of(info.pid()).orElse(null);
        if (handle != null) {
            try {
                handle.onExit().get(wait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                spec.commandLine().getErr().println("vigil: the daemon (pid " + info.pid() + ") is still stopping after "
                        + dev.vigil.stack.Durations.format(wait) + "; see " + stateDir.resolve("vigil.log"));
                return ExitCodes.FAILURE;
            } catch (java.util.concurrent.ExecutionException e) {
                // onExit never fails
            }
        }
        out.println("vigil: " + (keepServices ? "daemon of " + info.stack() + " stopped; its services keep running"
                : info.stack() + " stopped"));
        out.flush();
        return ExitCodes.OK;
    }
}
