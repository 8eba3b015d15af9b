package dev.vigil.cli;

import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Options shared by the commands that talk to a running Vigil, and how they find it: {@code --state-dir},
 * else {@code $VIGIL_HOME}, else {@code .vigil/} beside {@code --file}, else beside {@code ./vigil.yaml} (or a
 * Compose file there), else
 * the one daemon in the user's registry.
 */
final class DaemonTarget {

    @Option(names = "--file", paramLabel = "FILE", description = "The stack file of the daemon (default: ./vigil.yaml).")
    Path file;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "The state directory of the daemon.")
    Path stateDir;

    /** The state directory these options point at, whether or not a daemon runs there. */
    Path stateDir() {
        if (stateDir != null || file != null || System.getenv(StackFiles.STATE_DIR_ENV) != null
                || StackFiles.inWorkingDirectory().isPresent()) {
            return StackFiles.stateDir(Optional.ofNullable(stateDir), StackFiles.stackFile(Optional.ofNullable(file)));
        }
        List<DaemonInfo> running = DaemonInfo.registered();
        if (running.size() == 1) {
            return running.getFirst().stateDir();
        }
        if (running.isEmpty()) {
            throw new DaemonUnavailable("no Vigil daemon is running (start one with `vigil up -d FILE`), and there is "
                    + "no ./vigil.yaml here; give --file or --state-dir");
        }
        StringBuilder list = new StringBuilder();
        running.forEach(d -> list.append("\n  ").append(d.stack()).append(": --state-dir ").append(d.stateDir()));
        throw new InvalidInput(running.size() + " Vigil daemons are running; say which with --state-dir:" + list);
    }

    /** A client for the daemon of that state directory. */
    ApiClient client() {
        Path dir = stateDir();
        DaemonInfo info = DaemonInfo.running(dir).orElseThrow(() -> new DaemonUnavailable(
                "no Vigil daemon is running for state dir " + dir + " (start one with `vigil up -d FILE`)"));
        return ApiClient.forDaemon(info);
    }
}
