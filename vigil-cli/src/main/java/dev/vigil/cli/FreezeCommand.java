package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vigil freeze add|end|override}: freezes decided at run time, and the emergency way through them. */
@Command(name = "freeze", mixinStandardHelpOptions = true,
        description = "Add or end a freeze window at run time, or open a timed override of every freeze.",
        subcommands = {FreezeCommand.Add.class, FreezeCommand.End.class, FreezeCommand.OpenOverride.class})
final class FreezeCommand implements Runnable {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    private static void requireReason(String reason, String what) {
        if (reason == null || reason.isBlank()) {
            throw new InvalidInput("--reason is required: " + what + " goes on the record");
        }
        if (reason.length() > 500) {
            throw new InvalidInput("--reason is longer than 500 characters");
        }
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Add a one-off freeze (or maintenance) window, e.g. --from \"2026-12-24 12:00\" "
                    + "--to \"2026-12-27 08:00\" --reason holidays (operator).")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DaemonTarget target;

        @Option(names = "--from", required = true, paramLabel = "\"YYYY-MM-DD HH:MM\"", description = "When it opens (local time of --zone).")
        String from;

        @Option(names = "--to", required = true, paramLabel = "\"YYYY-MM-DD HH:MM\"", description = "When it closes.")
        String to;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (required).")
        String reason;

        @Option(names = "--name", paramLabel = "NAME", description = "Its name (default: freeze-<from date>).")
        String name;

        @Option(names = "--zone", paramLabel = "ZONE", description = "IANA time zone (default: this host's).")
        String zone;

        @Option(names = {"-s", "--service"}, paramLabel = "NAME", split = ",",
                description = "Only these services (names or globs such as web-*; default: all).")
        List<String> services = List.of();

        @Option(names = "--kind", paramLabel = "KIND", defaultValue = "freeze",
                description = "freeze (default) or maintenance.")
        String kind;

        @Override
        public Integer call() {
            requireReason(reason, "a window");
            ObjectNode body = JSON.createObjectNode().put("from", from).put("to", to).put("reason", reason)
                    .put("kind", kind);
            if (name != null) {
                body.put("name", name);
            }
            if (zone != null) {
                body.put("zone", zone);
            }
            ArrayNode covered = body.putArray("services");
            services.forEach(covered::add);
            JsonNode view = target.client().post("/api/v1/windows", body);
            PrintWriter out = spec.commandLine().getOut();
            out.println("added " + kind + " window " + view.path("added").asText());
            WindowsCommand.print(view, out, java.time.ZoneId.systemDefault());
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "end", mixinStandardHelpOptions = true,
            description = "End a window added at run time (admin); a window of the stack file is changed in the file.")
    static final class End implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DaemonTarget target;

        @Parameters(paramLabel = "NAME", description = "The window to end.")
        String name;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (kept in the audit trail).")
        String reason;

        @Override
        public Integer call() {
            ObjectNode body = JSON.createObjectNode();
            if (reason != null) {
                body.put("reason", reason);
            }
            target.client().post("/api/v1/windows/" + URLEncoder.encode(name, StandardCharsets.UTF_8) + "/end", body);
            spec.commandLine().getOut().println("ended window " + name);
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "override", mixinStandardHelpOptions = true,
            description = "Open a timed override of every freeze for operators, e.g. --for 30m --reason \"incident "
                    + "4711\" (admin; at most 24h; audited, and each use is an OverrideUsed event).")
    static final class OpenOverride implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DaemonTarget target;

        @Option(names = "--for", required = true, paramLabel = "DURATION", description = "How long, e.g. 30m.")
        String length;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (required).")
        String reason;

        @Override
        public Integer call() {
            requireReason(reason, "an override");
            if (dev.vigil.stack.Durations.parse(length).isEmpty()) {
                throw new InvalidInput("--for: \"" + length + "\" is not a duration such as 30m");
            }
            JsonNode o = target.client().post("/api/v1/freeze/override",
                    JSON.createObjectNode().put("for", length).put("reason", reason));
            spec.commandLine().getOut().println("override open for operators until " + o.path("until").asText()
                    + ": " + o.path("reason").asText());
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
