package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;

/** {@code vigil open}: a one-time login link to the dashboard, opened in a browser when there is a desktop. */
@Command(name = "open", mixinStandardHelpOptions = true,
        description = "Print a one-time login link to the dashboard (good once, for two minutes, as your token's role)"
                + " and, on a desktop, open it in the browser.")
final class OpenCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DaemonTarget target;

    @Option(names = "--no-browser", description = "Only print the link.")
    boolean noBrowser;

    @Override
    public Integer call() {
        JsonNode answer = target.client().post("/api/v1/dashboard/links", new ObjectMapper().createObjectNode());
        String url = answer.path("url").asText();
        PrintWriter out = spec.commandLine().getOut();
        out.println(url);
        out.flush();
        String display = System.getenv("DISPLAY");
        String wayland = System.getenv("WAYLAND_DISPLAY");
        if (!noBrowser && ((display != null && !display.isBlank()) || (wayland != null && !wayland.isBlank()))) {
            try {
                // xdg-open hands it to the desktop's browser; the link is in no command line a shell history keeps.
                new ProcessBuilder("xdg-open", url).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                spec.commandLine().getErr().println("vigil: could not open a browser (" + e.getMessage()
                        + "); open the link above");
            }
        }
        return ExitCodes.OK;
    }
}
