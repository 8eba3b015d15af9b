package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code vigil logs SERVICE [-f] [--tail N]}: what a service wrote, from the daemon. */
@Command(name = "logs", mixinStandardHelpOptions = true,
        description = "Print the last lines a service wrote (stdout and stderr); with -f keep following.")
final class LogsCommand implements Callable<Integer> {

    static final int MAX_TAIL = 10_000;

    @Spec
    CommandSpec spec;

    @Mixin
    DaemonTarget target;

    @Parameters(index = "0", paramLabel = "SERVICE")
    String service;

    @Option(names = {"-n", "--tail"}, paramLabel = "N", defaultValue = "100",
            description = "How many of the last lines to print first (default: ${DEFAULT-VALUE}, at most 10000).")
    int tail;

    @Option(names = {"-f", "--follow"}, description = "Keep printing new lines as they are written.")
    boolean follow;

    @Override
    public Integer call() {
        if (tail < 0 || tail > MAX_TAIL) {
            throw new InvalidInput("--tail must be between 0 and " + MAX_TAIL + ", got " + tail);
        }
        PrintWriter out = spec.commandLine().getOut();
        ApiClient client = target.client();
        String path = "/api/v1/services/" + URLEncoder.encode(service, StandardCharsets.UTF_8).replace("+", "%20")
                + "/logs";
        if (!follow) {
            JsonNode answer = client.get(path + "?tail=" + tail);
            answer.path("lines").forEach(line -> out.println(line.asText()));
            out.flush();
            return ExitCodes.OK;
        }
        client.stream(path + "/stream?tail=" + tail, Optional.empty(), event -> {
            if (event.event().equals("log")) {
                out.println(event.data());
                out.flush();
            }
        });
        spec.commandLine().getErr().println("vigil: the daemon closed the log stream");
        return ExitCodes.FAILURE;
    }
}
