package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vigil windows}: freeze and maintenance windows, what is open now and what opens or closes next. */
@Command(name = "windows", mixinStandardHelpOptions = true,
        description = "Show freeze and maintenance windows: which are open now, what they cover, when each opens or "
                + "closes next, the services frozen now and any override.")
final class WindowsCommand implements Callable<Integer> {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm z");

    @Spec
    CommandSpec spec;

    @Mixin
    DaemonTarget target;

    @Option(names = "--json", description = "The API's answer as it is (GET /api/v1/windows).")
    boolean json;

    @Override
    public Integer call() {
        JsonNode view = target.client().get("/api/v1/windows");
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(view.toString());
        } else {
            print(view, out, ZoneId.systemDefault());
        }
        out.flush();
        return ExitCodes.OK;
    }

    static void print(JsonNode view, PrintWriter out, ZoneId zone) {
        if (view.path("windows").isEmpty()) {
            out.println("no windows (declare them under `windows:` in the stack file, or `vigil freeze add`)");
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"WINDOW", "KIND", "STATE", "SCHEDULE", "SERVICES", "ORIGIN", "REASON"});
        for (JsonNode w : view.path("windows")) {
            String state = w.path("open").asBoolean()
                    ? "open until " + when(w.path("closes_at").asText(), zone)
                    : w.path("opens_at").isNull() ? "no further opening" : "opens " + when(w.path("opens_at").asText(), zone);
            List<String> services = new ArrayList<>();
            w.path("services").forEach(s -> services.add(s.asText()));
            rows.add(new String[] {w.path("name").asText(), w.path("kind").asText(), state,
                    w.path("schedule").asText(), services.isEmpty() ? "all" : String.join(",", services),
                    w.path("origin").asText(), w.path("reason").isNull() ? "" : w.path("reason").asText()});
        }
        Table.print(rows, out);
        for (JsonNode p : view.path("profiles")) {
            List<String> services = new ArrayList<>();
            p.path("services").forEach(s -> services.add(s.asText()));
            out.println("profile " + p.path("name").asText() + " (" + (p.path("active").asBoolean() ? "active" : "inactive")
                    + ", window " + p.path("window").asText() + ", " + (services.isEmpty() ? "all services"
                    : String.join(",", services)) + "): " + p.path("settings").asText());
        }
        for (JsonNode f : view.path("frozen")) {
            List<String> names = new ArrayList<>();
            f.path("windows").forEach(n -> names.add(n.asText()));
            out.println("frozen: " + f.path("service").asText() + " until " + when(f.path("until").asText(), zone)
                    + " (" + String.join(", ", names) + ")");
        }
        for (JsonNode o : view.path("overrides")) {
            out.println("override: open for operators until " + when(o.path("until").asText(), zone) + ", by "
                    + o.path("opened_by").asText() + ": " + o.path("reason").asText());
        }
        if (!view.path("upcoming").isEmpty()) {
            out.println("next:");
            for (JsonNode t : view.path("upcoming")) {
                out.println("  " + when(t.path("at").asText(), zone) + "  " + t.path("window").asText() + " "
                        + t.path("edge").asText());
            }
        }
    }

    private static String when(String instant, ZoneId zone) {
        return ZonedDateTime.ofInstant(Instant.parse(instant), zone).format(WHEN);
    }
}
