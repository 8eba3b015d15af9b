package dev.vigil.process;

import dev.vigil.runtime.ExitStatus;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Notices the end of processes that are not children of this JVM (adopted from an earlier run), which cannot be
 * waited for: one thread for all of them reads {@code /proc/<pid>/stat} every {@code interval}. A process counts
 * as ended when its pid is gone, belongs to a later process, or is a zombie: an orphan is reparented to an init
 * (or subreaper) that may take its time to reap it. ProcessHandle.onExit() would poll too, with growing sleeps
 * and a thread per process.
 */
final class ExitWatcher implements AutoCloseable {

    static final Duration DEFAULT_INTERVAL = Duration.ofMillis(200);

    private final Duration interval;
    private final Executor callbacks;
    private final Map<ProcessTree.Proc, CompletableFuture<ExitStatus>> watched = new ConcurrentHashMap<>();
    private ScheduledExecutorService thread;
    private boolean closed;

    ExitWatcher(Duration interval, Executor callbacks) {
        this.interval = interval;
        this.callbacks = callbacks;
    }

    /** Completes with {@link ExitStatus#unknown()} once {@code proc} has ended; the code is not ours to see. */
    synchronized CompletableFuture<ExitStatus> watch(ProcessTree.Proc proc) {
        CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        if (closed) {
            return exit;
        }
        watched.put(proc, exit);
        if (thread == null) {
            // Started on first use: most runs of Vigil adopt nothing.
            thread = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("vigil-exit-watcher").daemon(true).stackSize(128 * 1024).factory());
            long millis = Math.max(1, interval.toMillis());
            thread.scheduleWithFixedDelay(this::check, 0, millis, TimeUnit.MILLISECONDS);
        }
        return exit;
    }

    /** True while {@code proc} runs: it exists with the same start time and is not a zombie. */
    static boolean running(ProcessTree.Proc proc) {
        return ProcessTree.stat(proc.pid()).filter(now -> now.startTicks() == proc.startTicks() && !now.ended())
                .isPresent();
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (thread != null) {
            thread.shutdownNow();
        }
    }

    /** Must not die: one process that cannot be read must not stop the watch over the others. */
    private void check() {
        watched.forEach((proc, exit) -> {
            try {
                if (!running(proc)) {
                    watched.remove(proc);
                    callbacks.execute(() -> exit.complete(ExitStatus.unknown()));
                }
            } catch (RuntimeException e) {
                System.err.println("vigil: cannot check process " + proc.pid() + ": " + e);
            }
        });
    }
}
