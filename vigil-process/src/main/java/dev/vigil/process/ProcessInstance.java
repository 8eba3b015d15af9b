package dev.vigil.process;

import dev.vigil.runtime.ExitStatus;
import dev.vigil.runtime.Instance;
import dev.vigil.runtime.Slot;
import dev.vigil.runtime.Usage;
import dev.vigil.stack.Signal;
import dev.vigil.stack.StopSpec;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

/**
 * A service running as a local process that leads its own session and process group: either a child of this
 * JVM, whose exit status is known, or one adopted from an earlier run of Vigil, whose end is noticed by the
 * {@link ExitWatcher} and whose exit status is {@link ExitStatus#unknown()}. Both are signalled, stopped and
 * measured the same way, through their process group.
 */
public final class ProcessInstance implements Instance {

    /** Continuations of exit futures run here, never on the JDK's process reaper thread or the exit watcher. */
    static final Executor CALLBACKS = task -> Thread.ofVirtual().name("vigil-exit").start(task);

    private final String service;
    private final Slot slot;
    private final long pid;
    private final Instant startedAt;
    private final ProcessGroup group;
    private final ServiceLog log;
    private final long logFrom;
    private final CompletableFuture<ExitStatus> exit;
    private final BooleanSupplier alive;
    private final Runnable forget;
    private final AtomicReference<CompletableFuture<ExitStatus>> stopping = new AtomicReference<>();

    private ProcessInstance(String service, Slot slot, long pid, Instant startedAt, ProcessGroup group, ServiceLog log,
                            long logFrom, CompletableFuture<ExitStatus> exit, BooleanSupplier alive, Runnable forget) {
        this.service = service;
        this.slot = slot;
        this.pid = pid;
        this.startedAt = startedAt;
        this.group = group;
        this.log = log;
        this.logFrom = logFrom;
        this.exit = exit;
        this.alive = alive;
        this.forget = forget;
    }

    /**
     * A child of this JVM.
     *
     * @param logFrom where its output begins in the service's log
     * @param forget called once it has ended and nothing of its group is left (deletes its record)
     */
    static ProcessInstance started(String service, Slot slot, Process process, Instant startedAt, ProcessGroup group,
                                   ServiceLog log, long logFrom, Runnable forget) {
        return new ProcessInstance(service, slot, process.pid(), startedAt, group, log, logFrom,
                process.onExit().thenApplyAsync(p -> status(p.exitValue()), CALLBACKS), process::isAlive, forget);
    }

    /** A process an earlier run of Vigil started: its output is whatever its log holds, its end seen by polling. */
    static ProcessInstance adopted(String service, ProcessTree.Proc leader, Instant startedAt, ProcessGroup group,
                                   ServiceLog log, CompletableFuture<ExitStatus> exit, Runnable forget) {
        return new ProcessInstance(service, Slot.PRIMARY, leader.pid(), startedAt, group, log, ServiceLog.BEGINNING, exit,
                () -> !exit.isDone() && ExitWatcher.running(leader), forget);
    }

    /**
     * Turns the JDK's exit value into a status. The JDK reports death by signal N as 128+N, which a
     * program can also return by itself ({@code exit 143}, or a shell passing on its child's fate);
     * the two cannot be told apart from here, so 129..159 always count as killed by signal N.
     */
    static ExitStatus status(int exitValue) {
        if (exitValue > 128 && exitValue < 160) {
            return ExitStatus.killed(exitValue - 128);
        }
        return ExitStatus.exited(exitValue);
    }

    @Override
    public String service() {
        return service;
    }

    @Override
    public Slot slot() {
        return slot;
    }

    @Override
    public String id() {
        return Long.toString(pid);
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(pid);
    }

    @Override
    public Instant startedAt() {
        return startedAt;
    }

    @Override
    public CompletableFuture<ExitStatus> onExit() {
        return exit.copy();
    }

    @Override
    public boolean isAlive() {
        return alive.getAsBoolean();
    }

    /** Reaches the process group and any descendant that left it; ignored once the service process has ended. */
    @Override
    public void signal(Signal signal) {
        if (isAlive()) {
            group.signal(signal);
        }
    }

    /**
     * Safe to call again and from any thread: later calls return the first call's outcome. Once nothing of the
     * instance is left, its record is deleted, before the returned future completes; if processes survive, the
     * record stays, so that the next run of Vigil still knows of them.
     */
    @Override
    public CompletableFuture<ExitStatus> stop(StopSpec stop) {
        CompletableFuture<ExitStatus> done = stopping.get();
        if (done == null) {
            CompletableFuture<ExitStatus> mine = group.terminate(stop).thenCombineAsync(exit, (gone, status) -> {
                forget.run();
                return status;
            }, CALLBACKS);
            done = stopping.compareAndSet(null, mine) ? mine : stopping.get();
        }
        return done.copy();
    }

    @Override
    public OptionalLong memoryBytes() {
        if (!isAlive()) {
            return OptionalLong.empty();
        }
        long total = 0;
        boolean measured = false;
        for (ProcessTree.Proc p : group.measuredMembers()) {
            OptionalLong rss = ProcessTree.rssBytes(p.pid());
            if (rss.isPresent()) {
                total += rss.getAsLong();
                measured = true;
            }
        }
        return measured ? OptionalLong.of(total) : OptionalLong.empty();
    }

    /**
     * Summed over the processes of its group as they are now: a child that has ended no longer counts, so the CPU
     * and I/O counters can drop (read as a counter reset).
     */
    @Override
    public Optional<Usage> usage() {
        if (!isAlive()) {
            return Optional.empty();
        }
        ProcessTree tree = ProcessTree.recent(ProcessGroup.MEASURE_SCAN_AGE_NANOS);
        ProcessUsage sum = ProcessUsage.of(tree, group.members(tree));
        if (sum.processes() == 0) {
            return Optional.empty();
        }
        return Optional.of(new Usage(sum.cpuSeconds(), sum.rssBytes(), OptionalLong.empty(), sum.threads(),
                OptionalLong.of(sum.openFds()), sum.fdLimit(), sum.readBytes(), sum.writtenBytes()));
    }

    /** Read from the end of the service's log file: the lines this instance wrote (all there is, if adopted). */
    @Override
    public List<String> lastLogLines(int max) {
        return log.tail(logFrom, max);
    }

    @Override
    public String toString() {
        return "ProcessInstance[" + service + ", pid " + pid + "]";
    }
}
