package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.stack.Sizes;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code vigil top}: the services' usage beside their state, live on a terminal, like docker stats. */
@Command(name = "top", mixinStandardHelpOptions = true,
        description = "Show each service's CPU, memory (of its limit), open files, threads, restarts and memory trend, "
                + "with the host's CPU, load, memory and fullest filesystem: live on a terminal (Ctrl-C quits), "
                + "one table otherwise.")
final class TopCommand implements Callable<Integer> {

    static final String PATH = "/api/v1/metrics/usage";
    static final Duration REFRESH = Duration.ofSeconds(2);

    @Spec
    CommandSpec spec;

    @Mixin
    DaemonTarget target;

    @Option(names = "--no-stream", description = "Print one table and exit, also on a terminal.")
    boolean noStream;

    @Option(names = "--json", description = "Print one snapshot as the API's JSON (GET " + PATH + ").")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ApiClient client = target.client();
        if (json) {
            out.println(client.get(PATH).toString());
        } else if (noStream || !Terminal.isInteractive()) {
            out.print(render(client.get(PATH)));
        } else {
            live(client, out);
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** Redraws until interrupted; a daemon that stops answering is said on screen and asked again. */
    private static void live(ApiClient client, PrintWriter out) {
        DateTimeFormatter clock = DateTimeFormatter.ofPattern("HH:mm:ss");
        while (!Thread.currentThread().isInterrupted()) {
            String frame;
            try {
                frame = render(client.get(PATH));
            } catch (DaemonUnavailable e) {
                frame = "vigil: " + e.getMessage() + " (asking again every " + REFRESH.toSeconds() + "s)\n";
            }
            out.print(LiveView.CLEAR + "vigil top · " + client.base() + " · "
                    + LocalTime.now().truncatedTo(ChronoUnit.SECONDS).format(clock) + "   (Ctrl-C quits)\n\n" + frame);
            out.flush();
            try {
                Thread.sleep(REFRESH.toMillis()); // a display refresh rate, not a wait for a condition
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The host line and the services' table, from the API's answer. */
    static String render(JsonNode usage) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text);
        out.println(host(usage.path("host")));
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"SERVICE", "STATE", "CPU %", "MEM", "MEM %", "FDS", "THREADS", "RESTARTS", "TREND"});
        for (JsonNode s : usage.path("services")) {
            String mem = s.path("rss_bytes").isNumber() ? Sizes.format(s.path("rss_bytes").asLong())
                    + (s.path("memory_limit_bytes").isNumber() ? "/" + Sizes.format(s.path("memory_limit_bytes").asLong())
                    : "") : "-";
            String fds = s.path("open_fds").isNumber() ? s.path("open_fds").asText()
                    + (s.path("fd_limit").isNumber() ? "/" + s.path("fd_limit").asText() : "") : "-";
            rows.add(new String[] {s.path("service").asText(), s.path("state").asText(),
                    percent(s.path("cpu_percent")), mem, percent(s.path("memory_percent")), fds,
                    s.path("threads").isNumber() ? s.path("threads").asText() : "-", s.path("restarts").asText(),
                    trend(s)});
        }
        Table.print(rows, out);
        out.flush();
        return text.toString();
    }

    private static String host(JsonNode h) {
        if (h.isMissingNode() || h.isNull()) {
            return "host: no usage collected yet";
        }
        List<String> parts = new ArrayList<>();
        parts.add("CPU " + (h.path("cpu_percent").isNumber() ? Quantities.percent(h.path("cpu_percent").asDouble())
                : "-") + " of " + h.path("cores").asInt() + " cores");
        if (h.path("load1").isNumber()) {
            parts.add("load " + String.format(Locale.ROOT, "%.2f", h.path("load1").asDouble()));
        }
        parts.add("memory " + Sizes.format(h.path("memory_used_bytes").asLong()) + " of "
                + Sizes.format(h.path("memory_total_bytes").asLong()) + (h.path("memory_percent").isNumber()
                ? " (" + Quantities.percent(h.path("memory_percent").asDouble()) + ")" : ""));
        JsonNode fullest = h.path("filesystems").path(0);
        if (!fullest.isMissingNode()) {
            parts.add("fullest " + fullest.path("mount_point").asText() + " "
                    + Quantities.percent(fullest.path("used_percent").asDouble()) + " of "
                    + Sizes.format(fullest.path("size_bytes").asLong()));
        }
        return "host: " + String.join(" · ", parts);
    }

    private static String percent(JsonNode p) {
        return p.isNumber() ? Quantities.percent(p.asDouble()) : "-";
    }

    private static String trend(JsonNode s) {
        if (s.path("finding").isObject()) {
            return "↑ limit in ~" + Quantities.about(Duration.ofSeconds(s.path("finding").path("time_left_seconds")
                    .asLong())) + " (" + s.path("finding").path("id").asText() + ")";
        }
        return switch (s.path("trend").asText("")) {
            case "rising" -> "↗ rising";
            case "flat" -> "→ flat";
            case "falling" -> "↘ falling";
            default -> "-";
        };
    }
}
