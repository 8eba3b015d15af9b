package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vigil notifications failed}: the notifications given up on, newest first. */
@Command(name = "notifications", mixinStandardHelpOptions = true, description = "Look at notifications.",
        subcommands = NotificationsCommand.Failed.class)
final class NotificationsCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "failed", mixinStandardHelpOptions = true,
            description = "Show the notifications that could not be delivered and will not be tried again (dead "
                    + "letters), newest first, with the receiver's answer.")
    static final class Failed implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DaemonTarget target;

        @Option(names = "--limit", paramLabel = "N", defaultValue = "100", description = "At most this many (1-1000; default 100).")
        int limit;

        @Option(names = "--json", description = "Print the API's answer (GET /api/v1/notifications/failed) as it is.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode answer = target.client().get("/api/v1/notifications/failed?limit=" + limit);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(answer.toString());
            } else if (answer.path("failed").isEmpty()) {
                out.println("no failed notifications");
            } else {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"ID", "AT", "RECEIVER", "KIND", "ATTEMPTS", "SUMMARY", "ERROR"});
                for (JsonNode f : answer.path("failed")) {
                    rows.add(new String[] {f.path("id").asText(), f.path("at").asText(),
                            f.path("receiver").asText() + "[" + f.path("config").asText() + "]", f.path("kind").asText(),
                            f.path("attempts").asText(), f.path("summary").asText(), f.path("error").asText()});
                }
                Table.print(rows, out);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
