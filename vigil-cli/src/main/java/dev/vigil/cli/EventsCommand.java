package dev.vigil.cli;

import dev.vigil.event.Cause;
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

    @picocli.CommandLine.Mixin
    DaemonTarget target;

    @Option(names = {"-f", "--follow"},
            description = "After the recorded events, print new ones live from the running daemon's stream.")
    boolean follow;

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

    @Option(names = {"-c", "--cause"}, paramLabel = "CAUSE", split = ",",
            description = "Only stop and restart decisions (and refusals, overrides) with these causes: crash, "
                    + "unhealthy, memory, drift, operator, apply, rollback, ...")
    List<String> causes = List.of();

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
        Set<Cause> wanted = new HashSet<>();
        for (String c : causes) {
            wanted.add(Cause.parse(c).orElseThrow(() -> new InvalidInput("--cause: unknown cause \"" + c
                    + "\"; known causes: " + Cause.labels())));
        }
        Instant now = Instant.now();
        EventQuery query = EventQuery.all().limit(limit).services(new HashSet<>(services)).types(new HashSet<>(types))
                .causes(wanted);
        if (since != null) {
            query = query.since(when("--since", since, now));
        }
        if (until != null) {
            query = query.until(when("--until", until, now));
        }
        Path stateDir = target.stateDir();
        Path db = stateDir.resolve("vigil.db");
        if (!Files.exists(db)) {
            err.println("vigil: no event database at " + db + " (has `vigil up` run for this stack?)");
            return ExitCodes.FAILURE;
        }
        EventLines lines = new EventLines();
        Optional<String> lastId = Optional.empty();
        try (SqliteEventStore store = SqliteEventStore.open(db)) {
            for (StoredEvent e : store.query(query)) {
                out.println(json ? lines.json(e) : lines.plain(e));
                lastId = Optional.of(Long.toString(e.id()));
            }
            if (lastId.isEmpty() && follow) {
                // nothing matched: start the stream after the newest event of any kind, not from the beginning
                lastId = store.query(EventQuery.all().limit(1)).stream().map(e -> Long.toString(e.id())).findFirst();
            }
        }
        out.flush();
        if (follow) {
            follow(stateDir, lastId, lines, out, err);
        }
        return ExitCodes.OK;
    }

    /**
     * Prints events from the daemon's stream until interrupted. When the daemon goes away (restarted, or
     * killed and started again) it waits for the next one and resumes after the last event it printed.
     */
    private void follow(Path stateDir, Optional<String> lastId, EventLines lines, PrintWriter out, PrintWriter err) {
        StringBuilder filter = new StringBuilder();
        services.forEach(s -> filter.append(filter.isEmpty() ? "?" : "&").append("service=")
                .append(java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8)));
        types.forEach(t -> filter.append(filter.isEmpty() ? "?" : "&").append("type=").append(t));
        causes.forEach(c -> filter.append(filter.isEmpty() ? "?" : "&").append("cause=")
                .append(Cause.parse(c).orElseThrow().label()));
        boolean waitingSaid = false;
        while (!Thread.currentThread().isInterrupted()) {
            Optional<DaemonInfo> daemon = DaemonInfo.running(stateDir);
            if (daemon.isEmpty()) {
                if (!waitingSaid) {
                    err.println("vigil: no daemon is running for " + stateDir + "; waiting for one to follow its events");
                    err.flush();
                    waitingSaid = true;
                }
                try {
                    java.util.concurrent.TimeUnit.SECONDS.sleep(1); // another process: poll for it
                } catch (InterruptedException e) {
                    return;
                }
                continue;
            }
            waitingSaid = false;
            try {
                lastId = ApiClient.forDaemon(daemon.get()).stream("/api/v1/events/stream" + filter, lastId, event -> {
                    if (event.id().isPresent()) {
                        out.println(json ? event.data() : lines.plainFromJson(event.data()));
                        out.flush();
                    }
                });
            } catch (DaemonUnavailable e) {
                try {
                    java.util.concurrent.TimeUnit.SECONDS.sleep(1); // it is restarting: try again shortly
                } catch (InterruptedException interrupted) {
                    return;
                }
            }
        }
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
