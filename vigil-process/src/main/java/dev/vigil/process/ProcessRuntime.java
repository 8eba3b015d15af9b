package dev.vigil.process;

import dev.vigil.runtime.Adoption;
import dev.vigil.runtime.Instance;
import dev.vigil.runtime.LazyRuntimeProvider;
import dev.vigil.runtime.Runtime;
import dev.vigil.runtime.Slot;
import dev.vigil.runtime.StartFailure;
import dev.vigil.stack.ServiceSpec;
import dev.vigil.stack.Signal;
import dev.vigil.stack.StopSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs services as local processes, each in its own session and process group, writing stdout and stderr
 * straight to {@code <logsDir>/<service>/<service>.log} (another slot's to {@code <service>@<slot>.log}), and finds them again after Vigil itself restarted.
 *
 * <p>The JDK cannot call setsid(2), so a service is launched through util-linux {@code setsid}: the
 * JDK's child is never a group leader, so setsid calls setsid(2) and then execs the service in the
 * same process; its pid is the service's pid, pgid and sid. A missing program or working directory
 * is found before launching (the way execvp would look); {@link #start} then waits until the child
 * has left Vigil's session and exec'd the service, so that a stop right after start reaches the
 * service's group, and reports a failed exec (setsid exits 126/127) as a {@link StartFailure} too.
 *
 * <p>Nothing ties a service to Vigil's own process: its output goes to its log file, opened in append mode by
 * the child, not through a pipe, and its stdin is /dev/null. Each started instance is recorded in
 * {@code <runDir>/<service>.json} ({@code <service>@<slot>.json} for an instance in another {@link Slot}: pid, start time, boot id, a fingerprint of its definition) until it has
 * ended and been stopped, so that {@link #adopt} in a later run can take it over.
 *
 * <p>Linux only: process trees, memory, start times and exec state are read from {@code /proc}.
 */
public final class ProcessRuntime implements Runtime {

    /** How long start waits for setsid to exec the service before returning it anyway (a very loaded host). */
    private static final long EXEC_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private static final java.util.Set<String> SYSTEMD_ONLY = java.util.Set.of("NOTIFY_SOCKET", "WATCHDOG_USEC",
            "WATCHDOG_PID", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES");

    private final Optional<Path> setsid;
    private final ProcessGroup.Kill kill;
    private final ServiceLogs logs;
    private final InstanceRecords records;
    private final ExitWatcher watcher;
    private final String bootId;

    /**
     * @param logsDir where each service's log directory is
     * @param runDir where instance records are kept (created on first start, readable by this user only)
     */
    public ProcessRuntime(Path logsDir, Path runDir) {
        this(logsDir, runDir, ServiceLogs.DEFAULT_CHECK_INTERVAL, ExitWatcher.DEFAULT_INTERVAL);
    }

    /** The provider of every service that is not a container; opening it costs nothing worth deferring. */
    public static LazyRuntimeProvider<ProcessRuntime> provider(Path logsDir, Path runDir) {
        return new LazyRuntimeProvider<>("process", spec -> !spec.isContainer(), () -> new ProcessRuntime(logsDir, runDir));
    }

    ProcessRuntime(Path logsDir, Path runDir, Duration rotationCheck, Duration exitCheck) {
        String path = System.getenv("PATH");
        this.setsid = Executables.onPath("setsid", path)
                .or(() -> Executables.onPath("setsid", "/usr/bin:/bin:/usr/sbin:/sbin"))
                .map(ProcessRuntime::realPath);
        this.kill = ProcessGroup.Kill.find();
        this.bootId = ProcessTree.bootId();
        this.records = new InstanceRecords(runDir.toAbsolutePath());
        this.watcher = new ExitWatcher(exitCheck, ProcessInstance.CALLBACKS);
        this.logs = new ServiceLogs(logsDir.toAbsolutePath(), rotationCheck);
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public Optional<Path> logFile(String service) {
        return Optional.of(logs.file(service));
    }

    @Override
    public Instance start(ServiceSpec spec, Slot slot) {
        Path setsidBinary = setsid.orElseThrow(() -> new StartFailure(
                "cannot start " + spec.name() + ": the process runtime needs setsid (util-linux) on the PATH"));
        if (spec.command().isEmpty()) {
            throw new StartFailure("no command given for " + spec.name());
        }
        if (!Files.exists(spec.cwd())) {
            throw new StartFailure("working directory does not exist: " + spec.cwd());
        }
        if (!Files.isDirectory(spec.cwd())) {
            throw new StartFailure("working directory is not a directory: " + spec.cwd());
        }
        ServiceLog log = logs.of(spec.name(), slot, spec.logs());
        try {
            log.create();
        } catch (IOException e) {
            throw new StartFailure("cannot start " + spec.name() + ": cannot create its log file " + log.file()
                    + ": " + e.getMessage(), e);
        }
        ProcessBuilder builder = new ProcessBuilder().directory(spec.cwd().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Executables.DEV_NULL))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.file().toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(log.file().toFile()));
        // systemd's notification variables are Vigil's, not its services': a service that found them would
        // speak to systemd in Vigil's name (READY, WATCHDOG). A service's own env may still set them.
        builder.environment().keySet().removeAll(SYSTEMD_ONLY);
        builder.environment().putAll(spec.env());
        Path program = Executables.resolve(spec.command().getFirst(), spec.cwd(), builder.environment().get("PATH"));

        List<String> command = new ArrayList<>();
        command.add(setsidBinary.toString());
        command.add("--");
        command.add(program.toString());
        command.addAll(spec.command().subList(1, spec.command().size()));
        builder.command(command);

        long logFrom = log.end();
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new StartFailure("cannot start " + spec.name() + ": " + e.getMessage(), e);
        }
        Instant startedAt = Instant.now();
        ProcessTree.Proc leader = awaitExec(process, setsidBinary);
        ProcessGroup group = new ProcessGroup(leader, kill);
        // Without a start time (it ended before /proc showed it) there is nothing a later run could adopt.
        Optional<InstanceRecord> record = leader.startTicks() < 0 ? Optional.empty()
                : Optional.of(new InstanceRecord(slot.qualify(spec.name()), leader.pid(), leader.startTicks(), bootId, startedAt,
                        Fingerprint.of(spec)));
        if (record.isPresent()) {
            try {
                records.write(record.get());
            } catch (IOException e) {
                // An instance nobody could find after a restart of Vigil would run twice: better not at all.
                group.terminate(new StopSpec(Signal.KILL, Duration.ZERO));
                throw new StartFailure("cannot start " + spec.name() + ": cannot write its instance record "
                        + records.file(slot.qualify(spec.name())) + ": " + e.getMessage(), e);
            }
        }
        Runnable forget = () -> record.ifPresent(records::delete);
        ProcessInstance instance = ProcessInstance.started(spec.name(), slot, process, startedAt, group, log, logFrom, forget);
        if (!process.isAlive()) {
            try {
                failedExec(spec, process, instance);
            } catch (StartFailure e) {
                forget.run();
                throw e;
            }
        }
        return instance;
    }

    /**
     * Takes over the instance the service's record names if it is still that very process (same pid, same
     * start time, same boot) and has not ended; otherwise deletes the record and says why it is gone, after
     * stopping whatever the dead instance left behind in its session or group.
     */
    @Override
    public Adoption adopt(ServiceSpec spec) {
        Optional<InstanceRecord> found;
        try {
            found = records.read(spec.name());
        } catch (IllegalArgumentException e) {
            // Left in place: without a pid nothing can be checked or cleaned, and the next start replaces it.
            return new Adoption.Gone("?", "its instance record is unreadable: " + e.getMessage());
        }
        if (found.isEmpty()) {
            return Adoption.none();
        }
        InstanceRecord record = found.get();
        String id = Long.toString(record.pid());
        if (!record.bootId().equals(bootId)) {
            records.delete(record);
            return new Adoption.Gone(id, "pid " + id + " was started before the host rebooted");
        }
        Optional<ProcessTree.Proc> now = ProcessTree.stat(record.pid());
        if (now.isEmpty()) {
            return gone(spec, record, "pid " + id + " is gone");
        }
        ProcessTree.Proc leader = now.get();
        if (!record.sameProcess(leader)) {
            return gone(spec, record, "pid " + id + " now belongs to another process");
        }
        if (leader.ended()) {
            return gone(spec, record, "pid " + id + " has ended (a zombie not yet reaped)");
        }
        ServiceLog log = logs.of(spec.name(), Slot.PRIMARY, spec.logs());
        ProcessInstance instance = ProcessInstance.adopted(spec.name(), leader, record.startedAt(),
                new ProcessGroup(leader, kill), log, watcher.watch(leader), () -> records.delete(record));
        return new Adoption.Found(instance, record.fingerprint().drift(Fingerprint.of(spec)));
    }

    /** Stops the instance's leftovers (a new instance must not meet them), then forgets it if none remain. */
    private Adoption gone(ServiceSpec spec, InstanceRecord record, String detail) {
        ProcessTree.Proc leader = new ProcessTree.Proc(record.pid(), 0, record.pid(), record.pid(), 'X',
                record.startTicks());
        ProcessGroup group = new ProcessGroup(leader, kill);
        Set<ProcessTree.Proc> left = group.members();
        if (left.isEmpty()) {
            records.delete(record);
            return new Adoption.Gone(Long.toString(record.pid()), detail);
        }
        CompletableFuture<Void> stopped = group.terminate(spec.stop());
        long bound = spec.stop().grace().plus(ProcessGroup.KILL_TIMEOUT).plusSeconds(1).toMillis();
        try {
            stopped.get(bound, TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            return new Adoption.Gone(Long.toString(record.pid()), detail + "; " + left.size()
                    + " processes it left behind could not be stopped: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Adoption.Gone(Long.toString(record.pid()), detail);
        }
        records.delete(record);
        return new Adoption.Gone(Long.toString(record.pid()), detail + "; stopped " + left.size()
                + (left.size() == 1 ? " process" : " processes") + " it left behind");
    }

    /** Stops rotating logs and watching adopted instances; the services themselves go on running. */
    @Override
    public void close() {
        logs.close();
        watcher.close();
    }

    /**
     * Waits until the child is its own session's leader and no longer runs setsid, or has ended.
     * Returns how /proc describes it, for telling it apart from a later process with the same pid.
     */
    private static ProcessTree.Proc awaitExec(Process process, Path setsidBinary) {
        long pid = process.pid();
        ProcessTree.Proc seen = new ProcessTree.Proc(pid, 0, pid, pid, 'X', -1);
        long deadline = System.nanoTime() + EXEC_WAIT_NANOS;
        long pause = TimeUnit.MICROSECONDS.toNanos(100);
        while (process.isAlive()) {
            Optional<ProcessTree.Proc> stat = ProcessTree.stat(pid);
            if (stat.isPresent()) {
                seen = stat.get();
                if (seen.session() == pid
                        && ProcessTree.executable(pid).filter(exe -> !exe.equals(setsidBinary)).isPresent()) {
                    return seen;
                }
            }
            if (System.nanoTime() - deadline >= 0) {
                return seen;
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, TimeUnit.MILLISECONDS.toNanos(5));
        }
        return seen;
    }

    /**
     * The child ended during start: if setsid itself said it could not exec the program, that is a start
     * failure. Its message is already in the log file: the child wrote it there before exiting.
     */
    private static void failedExec(ServiceSpec spec, Process process, ProcessInstance instance) {
        int code = process.exitValue();
        if (code != 126 && code != 127) {
            return;
        }
        instance.lastLogLines(20).stream()
                .filter(line -> line.startsWith("setsid: "))
                .reduce((first, second) -> second)
                .ifPresent(line -> {
                    throw new StartFailure("cannot start " + spec.name() + ": " + line.substring("setsid: ".length()));
                });
    }

    private static Path realPath(Path path) {
        try {
            return path.toRealPath();
        } catch (IOException e) {
            return path;
        }
    }
}
