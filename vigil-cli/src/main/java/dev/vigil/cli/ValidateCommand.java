package dev.vigil.cli;

import dev.vigil.stack.Stack;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code vigil validate [FILE | -f FILE]}. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Check a stack file (vigil.yaml or a Compose file) and report every problem at once, as "
                + "file:line:column: key: message.",
                "A Compose file's warnings (what Vigil drops or runs differently) go to stderr.",
                "Exits 0 when the file is valid, 2 when it is not."})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE", description = "The stack file (default: ./vigil.yaml).")
    Path file;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The stack file, as an alternative to FILE.")
    Path fileOption;

    @Override
    public Integer call() {
        Path stackFile = StackFiles.stackFile(StackFiles.given(file, fileOption));
        Stack stack = StackFiles.load(stackFile, spec.commandLine().getErr());
        spec.commandLine().getOut().println(stackFile + ": ok, stack " + stack.name() + " with "
                + stack.services().size() + (stack.services().size() == 1 ? " service" : " services"));
        return ExitCodes.OK;
    }
}
