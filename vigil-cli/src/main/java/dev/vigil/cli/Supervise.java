package dev.vigil.cli;

import dev.vigil.stack.Durations;
import dev.vigil.stack.Stack;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * Runs a stack until SIGINT/SIGTERM, {@code vigil down} or a set duration: holds the state directory's lock,
 * serves the API, keeps status.json and run/daemon.json current, tells systemd, and shows what happens (a live
 * table on a terminal, else one line per event).
 */
final class Supervise {

    private Supervise() {
    }

    static int run(Stack stack, Path stateDir, RunOptions options, PrintStream out, PrintWriter err)
            throws InterruptedException {
        DaemonLock lock = DaemonLock.tryAcquire(stateDir).orElse(null);
        if (lock == null) {
            err.println("vigil: " + DaemonLock.heldMessage(stateDir));
            err.flush();
            return ExitCodes.FAILURE;
        }
        StopSignals signals = new StopSignals().install();
        EventLines lines = new EventLines();
        SystemdNotify systemd = SystemdNotify.fromEnvironment();
        try (lock; StackRunner runner = new StackRunner(stack, stateDir, options.maxParallel(), err)) {
            Thread hook = new Thread(runner::close, "vigil-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            URI api = runner.serveApi(options, keep -> signals.request(keep
                    ? "vigil down --keep-services requested" : "vigil down requested", keep));
            DaemonInfo info = new DaemonInfo(ProcessHandle.current().pid(), api, stateDir, stack.file(), stack.name(),
                    Instant.now());
            info.publish();
            boolean live = !options.plain() && !options.daemonized() && Terminal.isInteractive();
            LiveView view = null;
            if (live) {
                view = new LiveView(runner.supervisor(), out, lines);
                runner.subscribe(view::onEvent);
            } else {
                out.println("vigil: supervising " + stack.name() + " (" + stack.services().size() + " services); API on "
                        + api + ", state in " + stateDir);
                runner.subscribe(e -> {
                    out.println(lines.plain(e));
                    out.flush();
                });
            }
            runner.start();
            ReloadSignal.install(runner, out);
            runner.supervisor().started().thenRun(() -> systemd.ready("supervising " + stack.name()));
            systemd.startWatchdog(runner::responsive);
            boolean requested = signals.await(options.runFor().orElse(Duration.ofDays(365 * 100L)));
            systemd.stopping();
            if (requested && signals.keepServices()) {
                out.println("vigil: exiting without stopping the services (" + signals.reason() + "); the next "
                        + "`vigil up` adopts them");
                out.flush();
                runner.detach();
            } else {
                runner.stop(requested ? signals.reason() : "ran for " + Durations.format(options.runFor().get()));
            }
            if (view != null) {
                view.close();
            }
            runner.close();
            info.withdraw();
            Runtime.getRuntime().removeShutdownHook(hook);
        } finally {
            systemd.close();
        }
        return ExitCodes.OK;
    }
}
