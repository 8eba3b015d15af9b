package dev.vigil.process;

import dev.vigil.runtime.ExitStatus;
import dev.vigil.runtime.Instance;
import dev.vigil.stack.Signal;
import dev.vigil.stack.StopSpec;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

/** A service running as a local process that leads its own session and process group. */
public final class ProcessInstance implements Instance {

    /** Continuations of exit futures run here, never on the JDK's process reaper thread. */
    private static final Executor CALLBACKS = task -> Thread.ofVirtual().name("vigil-exit").start(task);

    private final String service;
    private final Process process;
    private final Instant startedAt;
    private final ProcessGroup group;
    private final LogTail tail;
    private final List<Thread> pumps;
    private final CompletableFuture<ExitStatus> exit;
    private final AtomicReference<CompletableFuture<ExitStatus>> stopping = new AtomicReference<>();

    ProcessInstance(String service, Process process, Instant startedAt, ProcessGroup group, LogTail tail, List<Thread> pumps) {
        this.service = service;
        this.process = process;
        this.startedAt = startedAt;
        this.group = group;
        this.tail = tail;
        this.pumps = List.copyOf(pumps);
        this.exit = process.onExit().thenApplyAsync(p -> status(p.exitValue()), CALLBACKS);
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
    public String id() {
        return Long.toString(process.pid());
    }

    @Override
    public OptionalLong pid() {
        return OptionalLong.of(process.pid());
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
        return process.isAlive();
    }

    /** Reaches the process group and any descendant that left it; ignored once the service process has ended. */
    @Override
    public void signal(Signal signal) {
        if (process.isAlive()) {
            group.signal(signal);
        }
    }

    /** Safe to call again and from any thread: later calls return the first call's outcome. */
    @Override
    public CompletableFuture<ExitStatus> stop(StopSpec stop) {
        CompletableFuture<ExitStatus> done = stopping.get();
        if (done == null) {
            CompletableFuture<ExitStatus> mine = group.terminate(stop).thenCombineAsync(exit, (gone, status) -> status, CALLBACKS);
            done = stopping.compareAndSet(null, mine) ? mine : stopping.get();
        }
        return done.copy();
    }

    @Override
    public OptionalLong memoryBytes() {
        if (!process.isAlive()) {
            return OptionalLong.empty();
        }
        long total = 0;
        boolean measured = false;
        for (ProcessTree.Proc p : group.members()) {
            OptionalLong rss = ProcessTree.rssBytes(p.pid());
            if (rss.isPresent()) {
                total += rss.getAsLong();
                measured = true;
            }
        }
        return measured ? OptionalLong.of(total) : OptionalLong.empty();
    }

    @Override
    public List<String> lastLogLines(int max) {
        return tail.last(max);
    }

    /** Waits up to {@code millis} for the log pumps to reach the end of the output; true if they did. */
    boolean awaitLogs(long millis) throws InterruptedException {
        long deadline = System.nanoTime() + millis * 1_000_000;
        for (Thread pump : pumps) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !pump.join(Duration.ofNanos(left))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "ProcessInstance[" + service + ", pid " + process.pid() + "]";
    }
}
