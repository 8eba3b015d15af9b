package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code vigil alerts}: the stack's alerts, grouped by name, with what keeps each quiet. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = "Show the alerts: firing, pending and suppressed (silenced, inhibited or held under a down "
                + "service), grouped by name, with acknowledgements. Acknowledge one with vigil alert ack, silence "
                + "them with vigil silence add.")
final class AlertsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DaemonTarget target;

    @Option(names = "--all", description = "Include the alerts resolved in the last 15 minutes.")
    boolean all;

    @Option(names = "--filter", paramLabel = "MATCHER",
            description = "Only alerts whose labels match, e.g. severity=\"critical\" (repeatable).")
    List<String> filters = List.of();

    @Option(names = "--json", description = "Print the API's answer (GET /api/v1/alerts) as it is.")
    boolean json;

    @Override
    public Integer call() {
        StringBuilder path = new StringBuilder("/api/v1/alerts");
        path.append(all ? "?state=pending,active,suppressed,resolved" : "?state=pending,active,suppressed");
        for (String f : filters) {
            path.append("&filter=").append(URLEncoder.encode(f, StandardCharsets.UTF_8));
        }
        JsonNode answer = target.client().get(path.toString());
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            out.println(answer.toString());
        } else {
            out.print(render(answer, Instant.now()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    static String render(JsonNode answer, Instant now) {
        if (answer.path("alerts").isEmpty()) {
            return "no alerts\n";
        }
        Map<String, List<JsonNode>> groups = new LinkedHashMap<>();
        for (JsonNode a : answer.path("alerts")) {
            groups.computeIfAbsent(a.path("name").asText(), k -> new ArrayList<>()).add(a);
        }
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        boolean first = true;
        for (Map.Entry<String, List<JsonNode>> g : groups.entrySet()) {
            if (!first) {
                out.println();
            }
            first = false;
            out.println(g.getKey() + " (" + g.getValue().size() + ")");
            List<String[]> rows = new ArrayList<>();
            rows.add(new String[] {"  FINGERPRINT", "STATE", "SINCE", "LABELS", "RECEIVERS", "NOTE", "SUMMARY"});
            for (JsonNode a : g.getValue()) {
                Duration since = Duration.between(Instant.parse(a.path("starts_at").asText()), now);
                rows.add(new String[] {"  " + a.path("fingerprint").asText(), a.path("state").asText(),
                        Quantities.about(since), labels(a.path("labels")), strings(a.path("receivers")), note(a, now),
                        a.path("annotations").path("summary").asText("")});
            }
            Table.print(rows, out);
        }
        out.flush();
        return text.toString();
    }

    private static String labels(JsonNode labels) {
        List<String> out = new ArrayList<>();
        labels.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("alertname")) {
                out.add(e.getKey() + "=" + e.getValue().asText());
            }
        });
        return String.join(",", out);
    }

    private static String strings(JsonNode list) {
        List<String> out = new ArrayList<>();
        list.forEach(n -> out.add(n.asText()));
        return String.join(",", out);
    }

    private static String note(JsonNode a, Instant now) {
        List<String> notes = new ArrayList<>();
        if (!a.path("silenced_by").isEmpty()) {
            notes.add("silenced (" + strings(a.path("silenced_by")) + ")");
        }
        if (!a.path("inhibited_by").isEmpty()) {
            notes.add("inhibited by " + strings(a.path("inhibited_by")));
        }
        if (a.path("held_under").isTextual()) {
            notes.add("held under " + a.path("held_under").asText());
        }
        JsonNode ack = a.path("ack");
        if (ack.isObject()) {
            notes.add("acked by " + ack.path("by").asText() + " for "
                    + Quantities.about(Duration.between(now, Instant.parse(ack.path("until").asText()))));
        }
        return String.join("; ", notes);
    }
}
