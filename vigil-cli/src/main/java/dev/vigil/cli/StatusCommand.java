package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.stack.Durations;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vigil status}: the services of the running stack, from the daemon. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show every service of the running stack: state, health, restarts, pid, uptime, and why.")
final class StatusCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DaemonTarget target;

    @Option(names = "--json", description = "Print the API's JSON (stack and services) instead of a table.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ApiClient client = target.client();
        JsonNode stack = client.get("/api/v1/stack");
        JsonNode services = client.get("/api/v1/services");
        if (json) {
            var root = new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode();
            root.set("stack", stack);
            root.set("services", services.path("services"));
            out.println(root.toPrettyString());
            out.flush();
            return ExitCodes.OK;
        }
        out.println(stack.path("name").asText() + ": " + stack.path("state").asText() + ", " + stack.path("services").asInt()
                + " services, daemon pid " + stack.path("pid").asText() + ", API " + stack.path("api").asText());
        String format = "%-20s %-11s %-9s %8s %8s %9s  %s%n";
        out.printf(format, "SERVICE", "STATE", "HEALTH", "RESTARTS", "PID", "UPTIME", "REASON");
        for (JsonNode s : services.path("services")) {
            String uptime = s.path("uptime_ms").isNumber()
                    ? Durations.format(Duration.ofSeconds(s.path("uptime_ms").asLong() / 1000)) : "-";
            String pid = s.path("pid").isNumber() ? s.path("pid").asText() : "-";
            out.printf(format, s.path("name").asText(), s.path("state").asText(), s.path("health").asText(),
                    s.path("restarts").asText(), pid, uptime, s.path("reason").asText());
        }
        if (stack.hasNonNull("drift")) {
            out.println("drift: " + stack.path("drift").asText());
        }
        JsonNode windows = stack.path("windows");
        for (JsonNode f : windows.path("frozen")) {
            java.util.List<String> names = new java.util.ArrayList<>();
            f.path("windows").forEach(n -> names.add(n.asText()));
            out.println("frozen: " + f.path("service").asText() + " until " + f.path("until").asText() + " ("
                    + String.join(", ", names) + "; see vigil windows)");
        }
        List<String> active = new ArrayList<>();
        windows.path("profiles").forEach(p -> {
            if (p.path("active").asBoolean()) {
                active.add(p.path("name").asText() + " (window " + p.path("window").asText() + ")");
            }
        });
        if (!active.isEmpty()) {
            out.println("profiles: " + String.join(", ", active));
        }
        for (JsonNode o : windows.path("overrides")) {
            out.println("override: open for operators until " + o.path("until").asText() + ", by "
                    + o.path("opened_by").asText() + ": " + o.path("reason").asText());
        }
        out.flush();
        return ExitCodes.OK;
    }
}
