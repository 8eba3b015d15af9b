package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vigil config history|show|diff|rollback}: the applied versions of the stack file. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "The history of applied stack files.",
        subcommands = {ConfigCommand.History.class, ConfigCommand.Show.class, ConfigCommand.Diff.class,
                ConfigCommand.Rollback.class})
final class ConfigCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "history", mixinStandardHelpOptions = true,
            description = "Every applied version, newest first: when, who, why, the result.")
    static final class History implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DaemonTarget target;

        @Option(names = "--json", description = "The API's answer as it is (GET /api/v1/versions).")
        boolean json;

        @Override
        public Integer call() {
            JsonNode answer = target.client().get("/api/v1/versions");
            PrintWriter out = spec.commandLine().getOut();
            if (json) {
                out.println(answer.toString());
            } else {
                List<String[]> rows = new ArrayList<>();
                rows.add(new String[] {"VERSION", "APPLIED AT", "BY", "RESULT", "REASON"});
                for (JsonNode v : answer.path("versions")) {
                    String result = v.path("result").asText().replace('_', ' ')
                            + (v.path("detail").isNull() ? "" : " (" + v.path("detail").asText() + ")");
                    rows.add(new String[] {v.path("number").asText(), v.path("applied_at").asText(),
                            v.path("actor").asText(), result, v.path("reason").asText()});
                }
                Table.print(rows, out);
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    private static JsonNode version(DaemonTarget target, long number) {
        if (number < 1) {
            throw new InvalidInput("a version number is 1 or more, got " + number);
        }
        return target.client().get("/api/v1/versions/" + number);
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the stack file of a version (admin).")
    static final class Show implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DaemonTarget target;

        @Parameters(paramLabel = "VERSION", description = "The version number (see vigil config history).")
        long number;

        @picocli.CommandLine.Option(names = "--env-files",
                description = "Print the env files recorded with it instead (secret values masked), each after a"
                        + " line ==> PATH <==.")
        boolean envFiles;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            com.fasterxml.jackson.databind.JsonNode v = version(target, number);
            if (!envFiles) {
                out.print(v.path("text").asText());
            } else if (v.path("env_files").isEmpty()) {
                out.println("version " + number + " reads no env files");
            } else {
                v.path("env_files").properties().forEach(e -> {
                    out.println("==> " + e.getKey() + " <==");
                    out.print(e.getValue().asText());
                });
            }
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = "A unified diff of two versions' stack files (admin); with one version, against the latest.")
    static final class Diff implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DaemonTarget target;

        @Parameters(index = "0", paramLabel = "V1", description = "The older version.")
        long from;

        @Parameters(index = "1", arity = "0..1", paramLabel = "V2", description = "The newer version (default: the latest).")
        Long to;

        @Override
        public Integer call() {
            long newer = to != null ? to : target.client().get("/api/v1/versions?limit=1").path("versions").path(0)
                    .path("number").asLong();
            List<String> a = version(target, from).path("text").asText().lines().toList();
            List<String> b = version(target, newer).path("text").asText().lines().toList();
            List<String> diff = UnifiedDiffUtils.generateUnifiedDiff("version " + from, "version " + newer, a,
                    DiffUtils.diff(a, b), 3);
            PrintWriter out = spec.commandLine().getOut();
            diff.forEach(out::println);
            out.flush();
            return ExitCodes.OK;
        }
    }

    @Command(name = "rollback", mixinStandardHelpOptions = true,
            description = {"Apply a recorded version again (admin): the same path as vigil apply, cause rollback, "
                    + "through freeze windows only with --override --reason. Once it runs, the stack file is written "
                    + "with it (the file before kept as vigil.yaml.~N~).",
                    "Exit 0 when it runs, 1 when it was not ready in time (rolled back again), 2 for an unknown version, "
                            + "3 when refused."})
    static final class Rollback implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DaemonTarget target;

        @Parameters(paramLabel = "VERSION", description = "The version to go back to.")
        long number;

        @Option(names = "--reason", paramLabel = "TEXT", description = "Why (the history and the audit trail).")
        String reason;

        @Option(names = "--override", description = "Inside a freeze window: go back anyway (needs --reason).")
        boolean override;

        @Override
        public Integer call() {
            if (override && (reason == null || reason.isBlank())) {
                throw new InvalidInput("--override needs --reason \"...\": an override goes on the record");
            }
            StringBuilder query = new StringBuilder();
            if (reason != null) {
                query.append("?reason=").append(java.net.URLEncoder.encode(reason, java.nio.charset.StandardCharsets.UTF_8));
            }
            if (override) {
                query.append(query.isEmpty() ? "?" : "&").append("override=true");
            }
            JsonNode answer = target.client().postText("/api/v1/versions/" + number + "/rollback" + query,
                    "application/json", "", StackFileCommand.APPLY_TIMEOUT);
            PrintWriter out = spec.commandLine().getOut();
            out.print(answer.path("plan").asText());
            String result = answer.path("result").asText();
            switch (result) {
                case "applied" -> out.println("Rolled back to version " + number + " (recorded as version "
                        + answer.path("version").path("number").asText() + ").");
                case "no_changes" -> out.println("Version " + number + " is what runs already.");
                default -> spec.commandLine().getErr().println("vigil: " + answer.path("detail").asText());
            }
            out.flush();
            spec.commandLine().getErr().flush();
            return result.equals("applied") || result.equals("no_changes") ? ExitCodes.OK : ExitCodes.FAILURE;
        }
    }
}
