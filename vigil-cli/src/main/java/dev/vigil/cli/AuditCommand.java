package dev.vigil.cli;

import dev.vigil.audit.AuditEntry;
import dev.vigil.audit.AuditVerification;
import dev.vigil.store.SqliteAuditLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code vigil audit verify|list}: the audit trail, read straight from the database, so it can be checked
 * whether or not a daemon runs (and whatever the daemon would say).
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = "Read and verify the audit trail of mutating API requests (from the database directly).",
        subcommands = {AuditCommand.Verify.class, AuditCommand.ListEntries.class})
final class AuditCommand implements Runnable {

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    static Path database(DaemonTarget target) {
        Path db = target.stateDir().resolve("vigil.db");
        if (!Files.exists(db)) {
            throw new DaemonUnavailable("no database at " + db + " (has Vigil run for this stack?)");
        }
        return db;
    }

    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = "Recompute the hash chain; exit 1 and name the first broken entry if it was tampered with.")
    static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DaemonTarget target;

        @Override
        public Integer call() {
            try (SqliteAuditLog audit = SqliteAuditLog.openReadOnly(database(target))) {
                AuditVerification result = audit.verify();
                switch (result) {
                    case AuditVerification.Intact ok -> {
                        spec.commandLine().getOut().println("vigil: audit trail intact (" + ok.entries() + " entries)");
                        spec.commandLine().getOut().flush();
                        return ExitCodes.OK;
                    }
                    case AuditVerification.Broken broken -> {
                        spec.commandLine().getErr().println("vigil: audit trail BROKEN at entry " + broken.seq() + ": "
                                + broken.reason() + " (entries before it are intact: " + broken.entriesChecked()
                                + " checked)");
                        return ExitCodes.FAILURE;
                    }
                }
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print audit entries, oldest first.")
    static final class ListEntries implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        DaemonTarget target;

        @Option(names = "--after", paramLabel = "SEQ", defaultValue = "0", description = "Only entries after this one.")
        long after;

        @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "1000",
                description = "At most N entries (default: ${DEFAULT-VALUE}).")
        int limit;

        @Override
        public Integer call() {
            if (limit < 1) {
                throw new InvalidInput("--limit must be at least 1, got " + limit);
            }
            PrintWriter out = spec.commandLine().getOut();
            try (SqliteAuditLog audit = SqliteAuditLog.openReadOnly(database(target))) {
                for (AuditEntry e : audit.list(after, limit)) {
                    var r = e.record();
                    out.println(e.seq() + "  " + r.at() + "  " + r.actor() + "  " + r.action() + " " + r.target()
                            + "  " + r.result() + (r.reason().isEmpty() ? "" : "  reason: " + r.reason()));
                }
            }
            out.flush();
            return ExitCodes.OK;
        }
    }
}
