package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code vigil alert ack}: one alert's repeats stopped for a while, on the record. */
@Command(name = "alert", mixinStandardHelpOptions = true, description = "Act on one alert.",
        subcommands = AlertCommand.Ack.class)
final class AlertCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "ack", mixinStandardHelpOptions = true,
            description = "Acknowledge a firing alert (operator): its notifications stop repeating until it resolves "
                    + "or the time passes. The fingerprint is as vigil alerts shows it, or enough of its start.")
    static final class Ack implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DaemonTarget target;

        @Parameters(paramLabel = "FINGERPRINT", description = "The alert's fingerprint or a unique start of it.")
        String fingerprint;

        @Option(names = "--for", required = true, paramLabel = "DURATION", description = "How long, e.g. 2h.")
        String length;

        @Option(names = "--reason", required = true, paramLabel = "TEXT", description = "Why (kept with the ack and "
                + "in the audit trail).")
        String reason;

        @Override
        public Integer call() {
            String prefix = fingerprint.strip().toLowerCase(java.util.Locale.ROOT);
            if (!prefix.matches("[0-9a-f]{1,16}")) {
                throw new InvalidInput("a fingerprint is 1 to 16 hex digits (as vigil alerts shows it), got '"
                        + fingerprint + "'");
            }
            ObjectNode body = new ObjectMapper().createObjectNode().put("for", length).put("reason", reason);
            JsonNode ack = target.client().post("/api/v1/alerts/" + prefix + "/ack", body);
            PrintWriter out = spec.commandLine().getOut();
            out.println("acknowledged " + ack.path("fingerprint").asText() + " until " + ack.path("until").asText());
            out.flush();
            return ExitCodes.OK;
        }
    }
}
