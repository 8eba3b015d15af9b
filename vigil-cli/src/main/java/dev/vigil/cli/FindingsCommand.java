package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vigil findings}: what the detectors see growing towards a limit now. */
@Command(name = "findings", mixinStandardHelpOptions = true,
        description = "Show the open findings: a leak, descriptors or a disk growing steadily towards a limit, with the "
                + "evidence and when the limit will be reached. Their history is in vigil events --type FindingOpened.")
final class FindingsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DaemonTarget target;

    @Option(names = "--json", description = "Print the API's answer (GET /api/v1/findings) as it is.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        JsonNode answer = target.client().get("/api/v1/findings");
        if (json) {
            out.println(answer.toString());
        } else {
            out.print(render(answer, Instant.now()));
        }
        out.flush();
        return ExitCodes.OK;
    }

    static String render(JsonNode answer, Instant now) {
        if (answer.path("findings").isEmpty()) {
            return "no open findings (those of the past: vigil events --type FindingOpened,FindingResolved)\n";
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SUBJECT", "RESOURCE", "OPEN FOR", "LIMIT IN", "SUMMARY"});
        for (JsonNode f : answer.path("findings")) {
            Duration open = Duration.between(Instant.parse(f.path("opened_at").asText()), now);
            rows.add(new String[] {f.path("subject").asText(), f.path("resource").asText(), Quantities.about(open),
                    "~" + Quantities.about(Duration.ofSeconds(f.path("time_left_seconds").asLong())),
                    f.path("summary").asText()});
        }
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        Table.print(rows, out);
        out.flush();
        return text.toString();
    }
}
