package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.auth.Role;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/** {@code vigil token create|list|revoke}: API tokens for scripts, dashboards and people. */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Manage API tokens (needs the daemon; the local CLI uses the admin token in <state>/token).",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a token and print its secret: the only time it is shown.")
    static final class Create implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DaemonTarget target;

        @Option(names = "--name", required = true, paramLabel = "NAME",
                description = "What it is for, e.g. grafana (letters, digits, . _ -; at most 64).")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE",
                description = "viewer (read), operator (also start/stop/restart) or admin (also tokens, audit).")
        String role;

        @Override
        public Integer call() {
            if (Role.parse(role).isEmpty()) {
                throw new InvalidInput("--role: \"" + role + "\" is not a role; use one of "
                        + Arrays.stream(Role.values()).map(Role::label).collect(Collectors.joining(", ")));
            }
            ObjectNode body = new ObjectMapper().createObjectNode().put("name", name).put("role", role);
            JsonNode token = target.client().post("/api/v1/tokens", body);
            PrintWriter out = spec.commandLine().getOut();
            out.println(token.path("secret").asText());
            out.flush();
            spec.commandLine().getErr().println("vigil: created " + token.path("role").asText() + " token \""
                    + token.path("name").asText() + "\" (" + token.path("id").asText()
                    + "); the secret above is not stored and will not be shown again");
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List tokens (never their secrets).")
    static final class ListTokens implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DaemonTarget target;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            String format = "%-14s %-24s %-9s %s%n";
            out.printf(format, "ID", "NAME", "ROLE", "CREATED");
            for (JsonNode t : target.client().get("/api/v1/tokens").path("tokens")) {
                out.printf(format, t.path("id").asText(), t.path("name").asText(), t.path("role").asText(),
                        t.path("created_at").asText());
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token by id or name, at once.")
    static final class Revoke implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DaemonTarget target;

        @Parameters(index = "0", paramLabel = "ID_OR_NAME")
        String token;

        @Override
        public Integer call() {
            target.client().delete("/api/v1/tokens/" + URLEncoder.encode(token, StandardCharsets.UTF_8));
            spec.commandLine().getOut().println("vigil: revoked " + token);
            spec.commandLine().getOut().flush();
            return ExitCodes.OK;
        }
    }
}
