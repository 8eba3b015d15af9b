package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.server.LogTail;

import java.io.File;
import java.io.IOException;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code vigil up -d}: starts the same program again as a daemon in a session of its own (util-linux setsid, so
 * closing the terminal does not hang it up), its output appended to {@code <state>/vigil.log}, and returns once
 * the daemon says the stack has started, or reports why it did not.
 */
final class Daemonize {

    private static final long POLL_MILLIS = 50;
    private static final int LOG_LINES_ON_FAILURE = 20;

    private Daemonize() {
    }

    static int start(Path stackFile, Path stateDir, List<String> args, Duration wait, PrintWriter out,
                     PrintWriter err) throws InterruptedException {
        Optional<DaemonLock> probe = DaemonLock.tryAcquire(stateDir);
        if (probe.isEmpty()) {
            err.println("vigil: " + DaemonLock.heldMessage(stateDir));
            return ExitCodes.FAILURE;
        }
        probe.get().close();
        Path log = stateDir.resolve("vigil.log");
        Process daemon;
        try {
            Files.createDirectories(stateDir);
            daemon = new ProcessBuilder(command(args)).directory(stackFile.getParent().toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                    .redirectErrorStream(true)
                    .start();
        } catch (IOException e) {
            err.println("vigil: cannot start the daemon: " + e.getMessage()
                    + (e.getMessage() != null && e.getMessage().contains("setsid") ? " (install util-linux)" : ""));
            return ExitCodes.FAILURE;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        while (System.nanoTime() < deadline) {
            if (!daemon.isAlive()) {
                err.println("vigil: the daemon exited with code " + daemon.exitValue() + "; the end of " + log + ":");
                tail(log).forEach(line -> err.println("  " + line));
                return ExitCodes.FAILURE;
            }
            Optional<DaemonInfo> info = DaemonInfo.running(stateDir).filter(i -> i.pid() == daemon.pid());
            if (info.isPresent()) {
                Optional<JsonNode> stack = stackState(info.get());
                if (stack.isPresent() && stack.get().path("state").asText().equals("started")) {
                    out.println("vigil: " + info.get().stack() + " started (" + stack.get().path("services").asInt()
                            + " services); daemon pid " + daemon.pid() + ", API " + info.get().api() + ", log " + log);
                    out.flush();
                    return ExitCodes.OK;
                }
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS); // the daemon is another process: poll it, bounded above
        }
        err.println("vigil: the stack has not finished starting after " + dev.vigil.stack.Durations.format(wait)
                + "; the daemon (pid " + daemon.pid() + ") keeps running: see `vigil status`, log " + log);
        return ExitCodes.FAILURE;
    }

    private static Optional<JsonNode> stackState(DaemonInfo info) {
        try {
            return Optional.of(ApiClient.forDaemon(info).get("/api/v1/stack"));
        } catch (RuntimeException e) {
            return Optional.empty(); // not answering yet
        }
    }

    /** setsid, this JVM (same options, minus a debugger's), this class path, Main, the daemon's arguments. */
    private static List<String> command(List<String> args) {
        List<String> command = new ArrayList<>();
        command.add("setsid");
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String option : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!option.startsWith("-agentlib:jdwp") && !option.startsWith("-javaagent")) {
                command.add(option);
            }
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(Main.class.getName());
        command.addAll(args);
        return command;
    }

    private static List<String> tail(Path log) {
        try {
            LogTail tail = LogTail.read(log, LOG_LINES_ON_FAILURE);
            List<String> lines = new ArrayList<>(tail.lines());
            if (!tail.partial().isEmpty()) {
                lines.add(tail.partial());
            }
            return lines;
        } catch (IOException e) {
            return List.of("(cannot read it: " + e.getMessage() + ")");
        }
    }
}
