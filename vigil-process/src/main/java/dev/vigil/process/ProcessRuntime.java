package dev.vigil.process;

import dev.vigil.runtime.Instance;
import dev.vigil.runtime.Runtime;
import dev.vigil.runtime.StartFailure;
import dev.vigil.stack.ServiceSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs services as local processes, each in its own session and process group, with stdout and
 * stderr in {@code <logsDir>/<service>/<service>.log}.
 *
 * <p>The JDK cannot call setsid(2), so a service is launched through util-linux {@code setsid}: the
 * JDK's child is never a group leader, so setsid calls setsid(2) and then execs the service in the
 * same process; its pid is the service's pid, pgid and sid. A missing program or working directory
 * is found before launching (the way execvp would look); {@link #start} then waits until the child
 * has left Vigil's session and exec'd the service, so that a stop right after start reaches the
 * service's group, and reports a failed exec (setsid exits 126/127) as a {@link StartFailure} too.
 *
 * <p>Linux only: process trees, memory and exec state are read from {@code /proc}.
 */
public final class ProcessRuntime implements Runtime {

    /** How long start waits for setsid to exec the service before returning it anyway (a very loaded host). */
    private static final long EXEC_WAIT_NANOS = TimeUnit.SECONDS.toNanos(5);

    private final Path logsDir;
    private final Optional<Path> setsid;
    private final ProcessGroup.Kill kill;
    private final Map<String, RotatingLog> logs = new ConcurrentHashMap<>();

    public ProcessRuntime(Path logsDir) {
        this.logsDir = logsDir.toAbsolutePath();
        String path = System.getenv("PATH");
        this.setsid = Executables.onPath("setsid", path)
                .or(() -> Executables.onPath("setsid", "/usr/bin:/bin:/usr/sbin:/sbin"))
                .map(ProcessRuntime::realPath);
        this.kill = ProcessGroup.Kill.find();
    }

    @Override
    public String name() {
        return "process";
    }

    @Override
    public Instance start(ServiceSpec spec) {
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
        ProcessBuilder builder = new ProcessBuilder().directory(spec.cwd().toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Executables.DEV_NULL));
        builder.environment().putAll(spec.env());
        Path program = Executables.resolve(spec.command().getFirst(), spec.cwd(), builder.environment().get("PATH"));

        List<String> command = new ArrayList<>();
        command.add(setsidBinary.toString());
        command.add("--");
        command.add(program.toString());
        command.addAll(spec.command().subList(1, spec.command().size()));
        builder.command(command);

        RotatingLog log = logs.computeIfAbsent(spec.name(),
                name -> new RotatingLog(logsDir.resolve(name).resolve(name + ".log"), spec.logs()));
        log.limits(spec.logs());
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new StartFailure("cannot start " + spec.name() + ": " + e.getMessage(), e);
        }
        Instant startedAt = Instant.now();
        LogTail tail = new LogTail();
        List<Thread> pumps = List.of(
                LogPump.start("vigil-log-" + spec.name() + "-out", process.getInputStream(), log, tail),
                LogPump.start("vigil-log-" + spec.name() + "-err", process.getErrorStream(), log, tail));
        ProcessTree.Proc leader = awaitExec(process, setsidBinary);
        ProcessInstance instance = new ProcessInstance(spec.name(), process, startedAt,
                new ProcessGroup(leader, kill), tail, pumps);
        if (!process.isAlive()) {
            failedExec(spec, process, instance);
        }
        return instance;
    }

    /** Closes the log files; output of instances still running afterwards is no longer written. */
    @Override
    public void close() {
        logs.values().forEach(RotatingLog::close);
        logs.clear();
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

    /** The child ended during start: if setsid itself said it could not exec the program, that is a start failure. */
    private static void failedExec(ServiceSpec spec, Process process, ProcessInstance instance) {
        int code = process.exitValue();
        if (code != 126 && code != 127) {
            return;
        }
        try {
            instance.awaitLogs(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
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
