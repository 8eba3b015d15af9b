package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

/** {@code vigil notify test}: a test notification through a receiver, to see that its configs deliver. */
@Command(name = "notify", mixinStandardHelpOptions = true, description = "Work with the receivers of notifications.",
        subcommands = NotifyCommand.Test.class)
final class NotifyCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Send a test notification through every config of RECEIVER now (operator) and print what "
                    + "each answered, secrets masked.")
    static final class Test implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DaemonTarget target;

        @Parameters(paramLabel = "RECEIVER", description = "A receiver of the stack file's alerting section.")
        String receiver;

        @Override
        public Integer call() {
            JsonNode answer = target.client().post("/api/v1/receivers/"
                    + URLEncoder.encode(receiver, StandardCharsets.UTF_8).replace("+", "%20") + "/test",
                    new ObjectMapper().createObjectNode());
            PrintWriter out = spec.commandLine().getOut();
            out.println("receiver " + answer.path("receiver").asText() + ":");
            answer.path("results").forEach(r -> out.println("  " + r.asText()));
            out.flush();
            return ExitCodes.OK;
        }
    }
}
