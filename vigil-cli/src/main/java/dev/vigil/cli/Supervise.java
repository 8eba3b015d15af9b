package dev.vigil.cli;

import dev.vigil.stack.Stack;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/** Runs a stack in the foreground until SIGINT/SIGTERM (or a set duration), showing what happens. */
final class Supervise {

    private Supervise() {
    }

    static int run(Stack stack, Path stateDir, int maxParallel, boolean plain, Optional<Duration> runFor,
                   PrintStream out, PrintWriter err) throws InterruptedException {
        StopSignals signals = new StopSignals().install();
        EventLines lines = new EventLines();
        try (StackRunner runner = new StackRunner(stack, stateDir, maxParallel, err)) {
            Thread hook = new Thread(runner::close, "vigil-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            boolean live = !plain && Terminal.isInteractive();
            LiveView view = null;
            if (live) {
                view = new LiveView(runner.supervisor(), out, lines);
                runner.subscribe(view::onEvent);
            } else {
                runner.subscribe(e -> {
                    out.println(lines.plain(e));
                    out.flush();
                });
            }
            runner.start();
            boolean requested = signals.await(runFor.orElse(Duration.ofDays(365 * 100L)));
            runner.stop(requested ? signals.reason() : "ran for " + dev.vigil.stack.Durations.format(runFor.get()));
            if (view != null) {
                view.close();
            }
            runner.close();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        return ExitCodes.OK;
    }
}
