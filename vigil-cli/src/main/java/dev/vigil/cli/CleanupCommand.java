package dev.vigil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.docker.Cleanup;
import dev.vigil.docker.CleanupItem;
import dev.vigil.docker.CleanupReport;
import dev.vigil.docker.Engine;
import dev.vigil.auth.Role;
import dev.vigil.event.Cause;
import dev.vigil.gate.Decision;
import dev.vigil.gate.Disruption;
import dev.vigil.gate.DisruptionGate;
import dev.vigil.gate.GateControl;
import dev.vigil.gate.MemoryGateStore;
import dev.vigil.runtime.StartFailure;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Sizes;
import dev.vigil.stack.Stack;
import dev.vigil.store.SqliteEventStore;
import dev.vigil.store.SqliteGateStore;
import dev.vigil.time.SystemScheduler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code vigil cleanup [FILE | -f FILE] [--dry-run | --force] [--volumes]}. */
@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = {"Remove what the stack leaves behind: its stopped containers, dangling images no container "
                + "uses, rotated logs (<state>/logs/<svc>/<svc>.log.N) and, with --volumes, its unused volumes.",
                "A dry run by default: lists what would be removed and the bytes it would reclaim; --force removes.",
                "Nothing without Vigil's labels is touched, except dangling images, which belong to nobody."})
final class CleanupCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "FILE",
            description = "The stack file (default: ./vigil.yaml, else a Compose file).")
    Path file;

    @Option(names = {"-f", "--file"}, paramLabel = "FILE", description = "The stack file, as an alternative to FILE.")
    Path fileOption;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The state directory (default: $VIGIL_HOME, else .vigil beside the stack file).")
    Path stateDirOption;

    @Option(names = "--dry-run", description = "List what would be removed, remove nothing (the default).")
    boolean dryRun;

    @Option(names = "--force", description = "Remove what is listed.")
    boolean force;

    @Option(names = "--volumes", description = "Also the stack's volumes that no container (of any stack) mounts.")
    boolean volumes;

    @Option(names = "--override", description = "Inside a freeze window: remove anyway (needs --reason; recorded as "
            + "an OverrideUsed event).")
    boolean override;

    @Option(names = "--reason", paramLabel = "TEXT", description = "Why (required with --override).")
    String reason;

    @Override
    public Integer call() {
        if (dryRun && force) {
            throw new InvalidInput("--dry-run and --force contradict each other: give one");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Path stackFile = StackFiles.stackFile(StackFiles.given(file, fileOption));
        Stack stack = StackFiles.load(stackFile, err);
        Path stateDir = StackFiles.stateDir(Optional.ofNullable(stateDirOption), stackFile);
        Optional<String> refusal = refusal(stack, stateDir);
        if (refusal.isPresent()) {
            err.println("vigil: cleanup refused: " + refusal.get());
            err.flush();
            return ExitCodes.FAILURE;
        }
        if (override && (reason == null || reason.isBlank())) {
            throw new InvalidInput("--override needs --reason \"...\": an override goes on the record");
        }
        if (force) {
            Optional<String> frozen = frozen(stack, stateDir);
            if (frozen.isPresent()) {
                err.println("vigil: cleanup refused: " + frozen.get()
                        + "; override it with a reason (--override --reason TEXT)");
                err.flush();
                return ExitCodes.REFUSED;
            }
        }
        Optional<Engine> engine = engine(stack, err);
        try {
            Cleanup cleanup = new Cleanup(engine);
            CleanupReport plan = cleanup.plan(stack, stateDir.resolve("logs"), volumes);
            if (!force) {
                plan.items().forEach(item -> out.println("would remove " + line(item)));
                out.println("would reclaim " + Sizes.format(plan.bytes()) + " (" + count(plan) + ")"
                        + (plan.items().isEmpty() ? "" : "; run with --force to remove"));
                out.flush();
                return ExitCodes.OK;
            }
            CleanupReport removed = cleanup.remove(plan);
            removed.items().forEach(item -> out.println("removed " + line(item)));
            out.println("reclaimed " + Sizes.format(removed.bytes()) + " (" + count(removed) + " removed)");
            out.flush();
            removed.failures().forEach(failure -> err.println("vigil: not removed: " + failure));
            err.flush();
            return removed.failures().isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
        } finally {
            engine.ifPresent(Engine::close);
        }
    }

    /**
     * Why a cleanup must not run now, if it must not: while this stack's daemon is starting or stopping, a stopped
     * container may be one it is about to start or replace. Deployments in progress and freeze windows will add
     * their reasons here.
     */
    static Optional<String> refusal(Stack stack, Path stateDir) {
        Optional<DaemonInfo> daemon = DaemonInfo.running(stateDir);
        if (daemon.isEmpty()) {
            return Optional.empty();
        }
        String state = stackState(stateDir).orElse("unknown (no readable status.json)");
        if (state.equals("started")) {
            return Optional.empty();
        }
        return Optional.of("the Vigil daemon of stack " + stack.name() + " (pid " + daemon.get().pid() + ") is "
                + state + "; run cleanup once it has started, or after `vigil down`");
    }

    /**
     * A forced cleanup removes what the stack may still need (a stopped container a restart would reuse): a
     * voluntary disruption, refused while a freeze window covers any of the stack's services. The refusal or the
     * override is recorded in the stack's event database, when it has one.
     */
    private Optional<String> frozen(Stack stack, Path stateDir) {
        Path db = stateDir.resolve("vigil.db");
        boolean hasDb = Files.exists(db);
        SqliteGateStore store = hasDb ? SqliteGateStore.open(db) : null;
        SqliteEventStore events = hasDb ? SqliteEventStore.open(db) : null;
        try (SystemScheduler clock = new SystemScheduler()) {
            GateControl gates = new GateControl(stack.windows(), store == null ? new MemoryGateStore() : store, clock);
            DisruptionGate gate = gates.gate(event -> {
                if (events != null) {
                    events.append(List.of(event));
                }
            });
            for (ServiceSpec s : stack.services()) {
                Decision d = gate.decide(new Disruption(s.name(), "cleanup", Cause.OPERATOR, "local-cli",
                        Optional.of(Role.ADMIN), override ? Optional.of(reason) : Optional.empty()));
                if (d instanceof Decision.Refused refused) {
                    return Optional.of(refused.message(ZoneId.systemDefault()));
                }
            }
            return Optional.empty();
        } finally {
            if (store != null) {
                store.close();
            }
            if (events != null) {
                events.close();
            }
        }
    }

    private static Optional<String> stackState(Path stateDir) {
        try {
            String state = JSON.readTree(Files.readString(StatusFile.file(stateDir))).path("state").asText();
            return state.isEmpty() ? Optional.empty() : Optional.of(state);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** A stack with containers needs the engine; one of processes only cleans its logs when none answers. */
    private static Optional<Engine> engine(Stack stack, PrintWriter err) {
        if (stack.services().stream().anyMatch(ServiceSpec::isContainer)) {
            return Optional.of(Engine.connect(System.getenv()));
        }
        try {
            return Optional.of(Engine.connect(System.getenv()));
        } catch (StartFailure e) {
            err.println("vigil: no container engine; only rotated logs are looked at");
            err.flush();
            return Optional.empty();
        }
    }

    private static String line(CleanupItem item) {
        return item.describe() + "  " + (item.bytes().isPresent() ? Sizes.format(item.bytes().getAsLong())
                : "size unknown");
    }

    private static String count(CleanupReport report) {
        return report.items().size() + (report.items().size() == 1 ? " item" : " items");
    }
}
