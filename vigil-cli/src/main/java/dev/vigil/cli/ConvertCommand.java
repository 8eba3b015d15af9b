package dev.vigil.cli;

import dev.vigil.compose.ComposeLoader;
import dev.vigil.compose.ComposeResult;
import dev.vigil.stack.InvalidStackException;
import dev.vigil.stack.Problem;
import dev.vigil.stack.StackWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code vigil convert FILE}: a Compose file as the equivalent vigil.yaml. */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Print the vigil.yaml equivalent to a Compose file (compose.yaml, docker-compose.yml).",
                "What Vigil drops or runs differently is listed on stderr, one warning per line.",
                "Exits 0 when the file was converted, 2 when it cannot be read."})
final class ConvertCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FILE", description = "The Compose file.")
    Path file;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "Also convert the services of this Compose profile (repeatable).")
    List<String> profiles = List.of();

    @Override
    public Integer call() {
        PrintWriter err = spec.commandLine().getErr();
        if (!Files.exists(file)) {
            throw new InvalidInput("no file at " + file);
        }
        ComposeResult result;
        try {
            result = ComposeLoader.load(file, new LinkedHashSet<>(profiles));
        } catch (InvalidStackException e) {
            for (Problem p : e.problems()) {
                err.println(p);
            }
            err.flush();
            throw new InvalidInput(e.problems().size() + (e.problems().size() == 1 ? " problem" : " problems")
                    + " in " + file);
        }
        StackFiles.printWarnings(result.warnings(), err);
        PrintWriter out = spec.commandLine().getOut();
        out.println("# Converted from " + file.getFileName() + " by `vigil convert`"
                + (result.warnings().isEmpty() ? "." : "; " + result.warnings().size() + " warnings on stderr."));
        out.print(StackWriter.write(result.stack()));
        out.flush();
        return ExitCodes.OK;
    }
}
