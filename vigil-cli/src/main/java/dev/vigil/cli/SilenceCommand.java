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
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vigil silence add|list|expire}: alerts kept from notifications for a while, by their labels. */
@Command(name = "silence", mixinStandardHelpOptions = true,
        description = "Add, list or expire silences: alerts whose labels match are not notified while one is active.",
        subcommands = {SilenceCommand.Add.class, SilenceCommand.ListSilences.class, SilenceCommand.Expire.class})
final class SilenceCommand implements Runnable {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** An RFC 3339 time, or a local "YYYY-MM-DD HH:MM" in this host's zone. */
    static String time(String text, ZoneId zone) {
        try {
            return OffsetDateTime.parse(text.strip()).toInstant().toString();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text.strip(), LOCAL).atZone(zone).toInstant().toString();
            } catch (DateTimeParseException again) {
                throw new InvalidInput("--until must be a time such as \"2026-12-24 18:00\" (this host's zone) or "
                        + "2026-12-24T17:00:00Z, got '" + text + "'");
            }
        }
    }

    private static final java.time.format.DateTimeFormatter SHOWN =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneId.systemDefault());

    /** A time of the API's as this host's clock shows it, to the second. */
    static String local(String instant) {
        try {
            return SHOWN.format(java.time.Instant.parse(instant));
        } catch (java.time.format.DateTimeParseException e) {
            return instant;
        }
    }

    static void print(List<JsonNode> silences, PrintWriter out) {
        if (silences.isEmpty()) {
            out.println("no silences");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"ID", "STATE", "MATCHERS", "STARTS", "ENDS", "CREATED BY", "COMMENT"});
        for (JsonNode s : silences) {
            List<String> matchers = new ArrayList<>();
            s.path("matchers").forEach(m -> matchers.add(m.asText()));
            rows.add(new String[] {s.path("id").asText(), s.path("state").asText(), String.join(",", matchers),
                    local(s.path("starts_at").asText()), local(s.path("ends_at").asText()), s.path("created_by").asText(),
                    s.path("comment").asText()});
        }
        Table.print(rows, out);
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Silence the alerts matching every MATCHER (Alertmanager's syntax: alertname=ApiDown, "
                    + "service=~\"api|web\", severity!=info) from now (operator); you are its author.")
    static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DaemonTarget target;

        @Parameters(paramLabel = "MATCHER", arity = "1..*", description = "What an alert's labels must match.")
        List<String> matchers;

        @Option(names = "--for", paramLabel = "DURATION", description = "How long, e.g. 1h (this or --until).")
        String length;

        @Option(names = "--until", paramLabel = "TIME",
                description = "Until when: \"YYYY-MM-DD HH:MM\" in this host's zone, or RFC 3339.")
        String until;

        @Option(names = "--comment", required = true, paramLabel = "TEXT", description = "Why (required).")
        String comment;

        @Option(names = "--json", description = "Print the API's answer as it is.")
        boolean json;

        @Override
        public Integer call() {
            ObjectNode body = new ObjectMapper().createObjectNode();
            ArrayNode list = body.putArray("matchers");
            matchers.forEach(list::add);
            if (length != null) {
                body.put("for", length);
            }
            if (until != null) {
                body.put("ends_at", time(until, ZoneId.systemDefault()));
            }
            body.put("comment", comment);
            JsonNode s = target.client().post("/api/v1/silences", body);
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(s.toString());
            } else {
                out.println("silence " + s.path("id").asText() + " until " + local(s.path("ends_at").asText()));
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the silences: pending, active and those expired in the last 15 minutes.")
    static final class ListSilences implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DaemonTarget target;

        @Option(names = "--json", description = "Print the API's answer (GET /api/v1/silences) as it is.")
        boolean json;

        @Override
        public Integer call() {
            JsonNode answer = target.client().get("/api/v1/silences");
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(answer.toString());
            } else {
                List<JsonNode> silences = new ArrayList<>();
                answer.path("silences").forEach(silences::add);
                print(silences, out);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "expire", mixinStandardHelpOptions = true, description = "End a silence now (operator).")
    static final class Expire implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DaemonTarget target;

        @Parameters(paramLabel = "ID", description = "The silence, as vigil silence list shows it.")
        String id;

        @Override
        public Integer call() {
            JsonNode s = target.client().delete("/api/v1/silences/" + URLEncoder.encode(id, StandardCharsets.UTF_8));
            PrintWriter out = spec.commandLine().getOut();
            out.println("expired silence " + s.path("id").asText());
            out.flush();
            return ExitCodes.OK;
        }
    }
}
