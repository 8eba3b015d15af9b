package dev.vigil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.docker.Engine;
import dev.vigil.docker.LimitCheck;
import dev.vigil.docker.LimitReport;
import dev.vigil.docker.LimitReport.Row;
import dev.vigil.stack.ContainerSpec.Resources;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Sizes;
import dev.vigil.stack.Stack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.Function;

/** {@code vigil check}: compares what the stack file declares with what actually runs. */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Compare what the stack file declares with what actually runs.",
        subcommands = CheckCommand.Limits.class)
final class CheckCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code vigil check limits [FILE | -f FILE] [--require memory,cpus,pids] [--json]}. */
    @Command(name = "limits", mixinStandardHelpOptions = true,
            description = {"Compare the memory, CPU and pids limits each container service declares with those "
                    + "its running container has (the cgroup's when it can be read here, else the engine's).",
                    "Exits 1 on any drift or a required limit not declared, 0 otherwise."})
    static final class Limits implements Callable<Integer> {

        private static final ObjectMapper JSON = new ObjectMapper();

        @Spec
        CommandSpec spec;

        @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
                description = "The stack file (default: ./vigil.yaml, else a Compose file).")
        Path file;

        @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The stack file, as an alternative to FILE.")
        Path fileOption;

        @Option(names = "--require", paramLabel = "LIMITS", defaultValue = "",
                description = "Limits every container service must declare: any of memory,cpus,pids (default: none).")
        String require;

        @Option(names = "--json", description = "Print the report as JSON.")
        boolean json;

        @Override
        public Integer call() {
            Set<LimitCheck.Limit> required;
            try {
                required = LimitCheck.Limit.parseList(require);
            } catch (IllegalArgumentException e) {
                throw new InvalidInput("--require: " + e.getMessage());
            }
            PrintWriter out = spec.commandLine().getOut();
            Stack stack = StackFiles.load(StackFiles.stackFile(StackFiles.given(file, fileOption)),
                    spec.commandLine().getErr());
            LimitReport report;
            if (stack.services().stream().anyMatch(ServiceSpec::isContainer)) {
                try (Engine engine = Engine.connect(System.getenv())) {
                    report = LimitCheck.run(Optional.of(engine), stack, required);
                }
            } else {
                report = LimitCheck.run(Optional.empty(), stack, required);
            }
            if (json) {
                out.println(json(stack, report).toPrettyString());
            } else {
                table(report, out);
            }
            out.flush();
            return report.failed() ? ExitCodes.FAILURE : ExitCodes.OK;
        }

        private static void table(LimitReport report, PrintWriter out) {
            String format = "%-16s %-28s %-15s %-11s %-11s %s%n";
            out.printf(format, "SERVICE", "CONTAINER", "MEMORY", "CPUS", "PIDS", "VERDICT");
            for (Row row : report.rows()) {
                out.printf(format, row.service(), row.container().orElse("-"),
                        pair(row, r -> r.memoryBytes().map(Sizes::format)),
                        pair(row, r -> r.cpus().map(LimitCheck::cpus)),
                        pair(row, r -> r.pids().map(String::valueOf)),
                        row.verdict().text());
            }
            String host = report.hostMemory().isPresent()
                    ? " of " + Sizes.format(report.hostMemory().getAsLong()) + " host memory (MemTotal)"
                    : " (the host's MemTotal is unknown)";
            out.println("declared memory: " + Sizes.format(report.declaredMemory()) + host);
            if (report.overcommitted()) {
                out.println("warning: the declared memory limits add up to more than the host has");
            }
        }

        /** {@code declared/actual}, {@code -} for none; a process service shows only {@code -}. */
        private static String pair(Row row, Function<Resources, Optional<String>> limit) {
            if (row.declared().isEmpty()) {
                return "-";
            }
            String declared = limit.apply(row.declared().get()).orElse("-");
            String actual = row.actual().flatMap(limit).orElse("-");
            return declared + "/" + actual;
        }

        private static ObjectNode json(Stack stack, LimitReport report) {
            ObjectNode root = JSON.createObjectNode();
            root.put("stack", stack.name());
            root.put("failed", report.failed());
            root.put("declared_memory", report.declaredMemory());
            if (report.hostMemory().isPresent()) {
                root.put("host_memory", report.hostMemory().getAsLong());
            } else {
                root.putNull("host_memory");
            }
            root.put("overcommitted", report.overcommitted());
            ArrayNode services = root.putArray("services");
            for (Row row : report.rows()) {
                ObjectNode n = services.addObject();
                n.put("service", row.service());
                if (row.container().isPresent()) {
                    n.put("container", row.container().get());
                } else {
                    n.putNull("container");
                }
                limits(n, "declared", row.declared());
                limits(n, "actual", row.actual());
                n.put("verdict", row.verdict().getClass().getSimpleName().replaceAll("([a-z])([A-Z])", "$1_$2")
                        .toLowerCase(java.util.Locale.ROOT));
                n.put("detail", row.verdict().text());
                n.put("fails", row.verdict().fails());
            }
            return root;
        }

        private static void limits(ObjectNode parent, String field, Optional<Resources> resources) {
            if (resources.isEmpty()) {
                parent.putNull(field);
                return;
            }
            ObjectNode n = parent.putObject(field);
            Resources r = resources.get();
            r.memoryBytes().ifPresentOrElse(m -> n.put("memory", m), () -> n.putNull("memory"));
            r.cpus().ifPresentOrElse(c -> n.put("cpus", c), () -> n.putNull("cpus"));
            r.pids().ifPresentOrElse(p -> n.put("pids", p), () -> n.putNull("pids"));
        }
    }
}
