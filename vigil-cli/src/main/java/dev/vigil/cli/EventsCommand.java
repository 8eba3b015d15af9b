package dev.vigil.cli;

import dev.vigil.event.EventQuery;
import dev.vigil.event.StoredEvent;
import dev.vigil.store.EventCodec;
import dev.vigil.store.SqliteEventStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code vigil events}: what happened and why, from the event database. */
@Command(name = "events", mixinStandardHelpOptions = true,
        description = "Print recorded events, oldest first: state changes, exits with their last log lines, probe "
                + "changes, restarts and why, recovery steps, give-ups.")
final class EventsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE",
            description = "The stack file whose events to show (default: ./vigil.yaml).")
    Path file;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "Read this state directory instead.")
    Path stateDir;

    @Option(names = "--since", paramLabel = "WHEN",
            description = "Only events at or after WHEN: a duration ago (10m, 2h) or a time (2026-11-23T10:00:00Z, "
                    + "2026-11-23T10:00, 2026-11-23).")
    String since;

    @Option(names = "--until", paramLabel = "WHEN", description = "Only events before WHEN (same forms as --since).")
    String until;

    @Option(names = {"-s", "--service"}, paramLabel = "NAME", split = ",",
            description = "Only events of these services (repeatable or comma-separated).")
    List<String> services = List.of();

    @Option(names = {"-t", "--type"}, paramLabel = "TYPE", split = ",",
            description = "Only events of these types, e.g. InstanceExited,RestartScheduled.")
    List<String> types = List.of();

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "" + EventQuery.DEFAULT_LIMIT,
            description = "At most the newest N matching events (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "One JSON object per line.")
    boolean json;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (limit < 1) {
            throw new InvalidInput("--limit must be at least 1, got " + limit);
        }
        Set<String> known = new TreeSet<>(new EventCodec().types());
        for (String t : types) {
            if (!known.contains(t)) {
                throw new InvalidInput("--type: unknown event type \"" + t + "\"; known types: " + String.join(", ", known));
            }
        }
        Instant now = Instant.now();
        EventQuery query = EventQuery.all().limit(limit).services(new HashSet<>(services)).types(new HashSet<>(types));
        if (since != null) {
            query = query.since(when("--since", since, now));
        }
        if (until != null) {
            query = query.until(when("--until", until, now));
        }
        Path stackFile = StackFiles.stackFile(Optional.ofNullable(file));
        Path db = StackFiles.stateDir(Optional.ofNullable(stateDir), stackFile).resolve("vigil.db");
        if (!Files.exists(db)) {
            err.println("vigil: no event database at " + db + " (has `vigil up` run for " + stackFile + "?)");
            return ExitCodes.FAILURE;
        }
        EventLines lines = new EventLines();
        try (SqliteEventStore store = SqliteEventStore.open(db)) {
            for (StoredEvent e : store.query(query)) {
                out.println(json ? lines.json(e) : lines.plain(e));
            }
        }
        out.flush();
        return ExitCodes.OK;
    }

    /** A duration ago, an instant, a local date-time or a local date. */
    static Instant when(String option, String text, Instant now) {
        Optional<java.time.Duration> ago = dev.vigil.stack.Durations.parse(text);
        if (ago.isPresent()) {
            return now.minus(ago.get());
        }
        ZoneId zone = ZoneId.systemDefault();
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDateTime.parse(text).atZone(zone).toInstant();
        } catch (DateTimeParseException ignored) {
            // try the next form
        }
        try {
            return LocalDate.parse(text).atStartOfDay(zone).toInstant();
        } catch (DateTimeParseException e) {
            throw new InvalidInput(option + ": \"" + text + "\" is neither a duration (10m) nor a time "
                    + "(2026-11-23T10:00:00Z, 2026-11-23T10:00, 2026-11-23)");
        }
    }
}
