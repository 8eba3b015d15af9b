package dev.vigil.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code vigil apply} and {@code vigil diff}: the edited stack file against the running stack. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Apply the edited stack file to the running stack: only the difference. Unchanged services "
                + "keep running untouched; live changes need no new instance; changed commands, env or images replace "
                + "the instance; new services start, removed ones stop.",
                "A replaced or new service that is not ready in time rolls the apply back. Inside a freeze window a "
                        + "replacement or stop is refused (exit 3) unless overridden.",
                "Exit 0 when applied (or nothing changed), 1 when rolled back or failed, 2 for an invalid file, 3 when "
                        + "refused."})
class ApplyCommand extends StackFileCommand {

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why: kept in the version history and the audit trail.")
    String reason;

    @Option(names = "--override", description = "Inside a freeze window: apply anyway (admin; needs --reason).")
    boolean override;

    @Option(names = "--no-rollback", description = "Keep the new version even if a service does not become ready.")
    boolean noRollback;

    @Option(names = "--dry-run", description = "Only print the plan (as vigil diff does).")
    boolean dryRun;

    @Override
    boolean planOnly() {
        return dryRun;
    }

    @Override
    String reason() {
        return reason;
    }

    @Override
    boolean override() {
        return override;
    }

    @Override
    boolean noRollback() {
        return noRollback;
    }

    /** {@code vigil diff}: the plan only. */
    @Command(name = "diff", mixinStandardHelpOptions = true,
            description = {"Show what vigil apply would do with the edited stack file: services added, removed, "
                    + "changed (key by key, and whether live or by replacing the instance), unchanged; windows.",
                    "Nothing is changed. Exit 0, or 2 for an invalid file."})
    static final class Diff extends StackFileCommand {
        @Override
        boolean planOnly() {
            return true;
        }

        @Override
        String reason() {
            return null;
        }

        @Override
        boolean override() {
            return false;
        }

        @Override
        boolean noRollback() {
            return false;
        }
    }
}
