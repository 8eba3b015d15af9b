package dev.vigil.cli;

import picocli.CommandLine;

/** Entry point of the {@code vigil} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code (0 ok, 1 failure at run time, 2 invalid input). */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new VigilCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("vigil: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            return e instanceof InvalidInput ? ExitCodes.INVALID : ExitCodes.FAILURE;
        });
        return cli.execute(args);
    }
}
