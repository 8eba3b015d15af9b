package dev.vigil.cli;

import dev.vigil.alerting.rules.RuleChecks;
import dev.vigil.alerting.rules.RuleFiles;
import dev.vigil.alerting.rules.RuleGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vigil rules}: Prometheus rule files. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "Work with alerting and recording rule files "
        + "(Prometheus's format).", subcommands = RulesCommand.Check.class)
final class RulesCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code vigil rules check FILE...}, as {@code promtool check rules}. */
    @Command(name = "check", mixinStandardHelpOptions = true,
            description = {"Check rule files and report every problem of each, as file:line:column: message: unknown "
                    + "keys, missing or conflicting fields, bad durations and names, expressions that do not parse (or "
                    + "that Vigil does not support), templates that do not parse, groups and rules defined twice.",
                    "Exits 0 when every file is valid, 2 when one is not."})
    static final class Check implements Callable<Integer> {

        @Spec
        CommandSpec spec;

        @Parameters(arity = "1..*", paramLabel = "FILE", description = "Rule files (YAML).")
        List<Path> files;

        @Override
        public Integer call() {
            RuleFiles reader = RuleChecks.files();
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            boolean ok = true;
            for (Path file : files) {
                RuleFiles.Loaded loaded = reader.load(file);
                if (loaded.ok()) {
                    int rules = loaded.groups().stream().mapToInt(g -> g.rules().size()).sum();
                    int groups = loaded.groups().size();
                    out.println(file + ": ok, " + rules + (rules == 1 ? " rule" : " rules") + " in " + groups
                            + (groups == 1 ? " group" : " groups") + names(loaded.groups()));
                } else {
                    ok = false;
                    loaded.problems().forEach(err::println);
                }
            }
            out.flush();
            err.flush();
            return ok ? ExitCodes.OK : ExitCodes.INVALID;
        }

        private static String names(List<RuleGroup> groups) {
            return groups.isEmpty() ? "" : " (" + String.join(", ", groups.stream().map(RuleGroup::name).toList()) + ")";
        }
    }
}
