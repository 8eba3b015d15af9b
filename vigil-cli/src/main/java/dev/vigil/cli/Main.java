package dev.vigil.cli;

import picocli.CommandLine;

/** Entry point of the {@code vigil} command. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code (0 ok, 1 failure at run time, 2 invalid input, 3 refused). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command line with Vigil's error handling: a message on stderr and the exit code the error calls for. */
    static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new VigilCommand());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            commandLine.getErr().println("vigil: " + (e.getMessage() == null ? e.toString() : e.getMessage()));
            if (e instanceof ApiClient.ApiFailure failure) {
                // the daemon found the request wrong (unknown service, bad value, a query asking for more than its
                // limits): the user's input, exit 2; a freeze window refused it: exit 3
                if (failure.status == 423) {
                    return ExitCodes.REFUSED;
                }
                return failure.status == 400 || failure.status == 404 || failure.status == 409
                        || failure.status == 422 ? ExitCodes.INVALID : ExitCodes.FAILURE;
            }
            return e instanceof InvalidInput ? ExitCodes.INVALID : ExitCodes.FAILURE;
        });
        return cli;
    }
}
