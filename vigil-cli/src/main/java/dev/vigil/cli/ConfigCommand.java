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

/** {@code vigil config history}: the applied versions of the stack file. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "The history of applied stack files.",
        subcommands = {ConfigCommand.History.class})
final class ConfigCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "Every applied version, newest first: when, who, why, the result.")
    static final class History implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DaemonTarget target;

        @Option(names = "--json", description = "The API's answer as it is (GET /api/v1/versions).")
        boolean json;

        @Override
        public Integer call() {
            JsonNode answer = target.client().get("/api/v1/versions");
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(answer.toString());
            } else {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"VERSION", "APPLIED AT", "BY", "RESULT", "REASON"});
                for (JsonNode v : answer.path("versions")) {
                    String result = v.path("result").asText().replace('_', ' ')
                            + (v.path("detail").isNull() ? "" : " (" + v.path("detail").asText() + ")");
                    rows.add(new String[] {v.path("number").asText(), v.path("applied_at").asText(),
                            v.path("actor").asText(), result, v.path("reason").asText()});
                }
                Table.print(rows, out);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
