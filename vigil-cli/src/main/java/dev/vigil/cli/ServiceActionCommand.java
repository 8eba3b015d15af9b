package dev.vigil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
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

/** {@code vigil start|stop|restart SERVICE...}: an operator's action through the daemon, recorded in the audit trail. */
abstract class ServiceActionCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    DaemonTarget target;

    @Parameters(arity = "1..*", paramLabel = "SERVICE", description = "The services to act on.")
    List<String> services;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why: kept in the audit trail and the event.")
    String reason;

    @Option(names = "--override", description = "Inside a freeze window: act anyway (admin only; needs --reason, "
            + "recorded in the audit trail and as an OverrideUsed event).")
    boolean override;

    abstract String action();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (reason != null && reason.length() > 500) {
            throw new InvalidInput("--reason is longer than 500 characters");
        }
        if (override && (reason == null || reason.isBlank())) {
            throw new InvalidInput("--override needs --reason \"...\": an override goes on the record");
        }
        ApiClient client = target.client();
        ObjectNode body = new ObjectMapper().createObjectNode();
        if (reason != null) {
            body.put("reason", reason);
        }
        if (override) {
            body.put("override", true);
        }
        for (String service : services) {
            client.post("/api/v1/services/" + URLEncoder.encode(service, StandardCharsets.UTF_8)
                    .replace("+", "%20") + "/" + action(), body);
            out.println(service + ": " + action() + " requested (see `vigil status`, `vigil events -f`)");
        }
        out.flush();
        return ExitCodes.OK;
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Start stopped services.")
    static final class Start extends ServiceActionCommand {
        @Override
        String action() {
            return "start";
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true,
            description = "Stop services and keep them down (until `vigil start`).")
    static final class Stop extends ServiceActionCommand {
        @Override
        String action() {
            return "stop";
        }
    }

    @Command(name = "restart", mixinStandardHelpOptions = true,
            description = "Replace services' instances now (does not count toward their restart limit).")
    static final class Restart extends ServiceActionCommand {
        @Override
        String action() {
            return "restart";
        }
    }
}
