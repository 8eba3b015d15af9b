package dev.vigil.process;

import dev.vigil.stack.Signal;
import dev.vigil.stack.StopSpec;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/**
 * Everything one instance runs: the session and process group its leader created, plus descendants
 * that left them (a grandchild that called setsid). Signals reach all of them; {@link #terminate}
 * leaves none behind.
 */
final class ProcessGroup {

    /** How long processes get to disappear after SIGKILL before stop gives up on them (uninterruptible sleep). */
    static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

    private static final long MIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
    private static final long MAX_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final ProcessTree.Proc leader;
    private final Kill kill;
    private final AtomicReference<CompletableFuture<Void>> termination = new AtomicReference<>();

    ProcessGroup(ProcessTree.Proc leader, Kill kill) {
        this.leader = leader;
        this.kill = kill;
    }

    long pgid() {
        return leader.pid();
    }

    /** The processes of this instance that still run, read from /proc now. */
    Set<ProcessTree.Proc> members() {
        return ProcessTree.scan().members(leader, List.of(leader));
    }

    /** How long a scan of /proc serves measurements: a child started since is measured from the next one. */
    static final long MEASURE_SCAN_AGE_NANOS = 500_000_000L;

    /** The members as of a recent scan, shared with other groups measured at about the same time. */
    Set<ProcessTree.Proc> measuredMembers() {
        return members(ProcessTree.recent(MEASURE_SCAN_AGE_NANOS));
    }

    /** The members as {@code tree} shows them. */
    Set<ProcessTree.Proc> members(ProcessTree tree) {
        return tree.members(leader, List.of(leader));
    }

    /** Sends {@code signal} to the group and to every descendant outside it; nothing happens when all are gone. */
    void signal(Signal signal) {
        send(signal, members());
    }

    /**
     * Sends the stop signal (and SIGCONT, so a stopped process can act on it), waits up to the grace
     * period for every process to end, then SIGKILLs what is left. The first call decides the spec;
     * later calls return the same future.
     */
    CompletableFuture<Void> terminate(StopSpec spec) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!termination.compareAndSet(null, done)) {
            return termination.get();
        }
        Thread.ofVirtual().name("vigil-stop-" + leader.pid()).start(() -> {
            try {
                run(spec);
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    private void run(StopSpec spec) {
        // Collected before signalling: once a parent dies, a child that left the group is re-parented
        // to init and can no longer be found as a descendant.
        Set<ProcessTree.Proc> first = members();
        Set<ProcessTree.Proc> tracked = new HashSet<>(first);
        tracked.add(leader);
        send(spec.signal(), first);
        if (spec.signal() != Signal.STOP && spec.signal() != Signal.CONT && spec.signal() != Signal.KILL) {
            send(Signal.CONT, first);
        }
        boolean killed = spec.signal() == Signal.KILL;
        Set<Long> sentKill = new HashSet<>();
        if (killed) {
            first.forEach(p -> sentKill.add(p.pid()));
        }
        long deadline = System.nanoTime() + (killed ? KILL_TIMEOUT : spec.grace()).toNanos();
        long pause = MIN_POLL_NANOS;
        while (true) {
            Set<ProcessTree.Proc> alive = ProcessTree.scan().members(leader, tracked);
            tracked.addAll(alive);
            if (alive.isEmpty()) {
                return;
            }
            long now = System.nanoTime();
            if (!killed && now - deadline >= 0) {
                killed = true;
                deadline = now + KILL_TIMEOUT.toNanos();
                pause = MIN_POLL_NANOS;
            }
            if (killed) {
                // Also catches what an escaped process forked while the first SIGKILL was on its way.
                Set<ProcessTree.Proc> fresh = new HashSet<>(alive);
                fresh.removeIf(p -> sentKill.contains(p.pid()));
                if (!fresh.isEmpty()) {
                    send(Signal.KILL, fresh);
                    fresh.forEach(p -> sentKill.add(p.pid()));
                }
            }
            if (killed && now - deadline >= 0) {
                throw new IllegalStateException("processes survived SIGKILL for " + KILL_TIMEOUT.toSeconds() + "s: "
                        + alive.stream().map(p -> Long.toString(p.pid())).collect(Collectors.joining(", ")));
            }
            LockSupport.parkNanos(pause);
            pause = Math.min(pause * 2, MAX_POLL_NANOS);
        }
    }

    /**
     * One kill(1) run: the group by its pgid when one of the targets is still in it (never a group that
     * reuses the number), plus each target outside the group.
     */
    private void send(Signal signal, Collection<ProcessTree.Proc> targets) {
        List<String> ids = new ArrayList<>();
        boolean groupLives = false;
        for (ProcessTree.Proc p : targets) {
            if (p.pgrp() == leader.pid()) {
                groupLives = true;
            } else {
                ids.add(Long.toString(p.pid()));
            }
        }
        if (groupLives) {
            ids.addFirst("-" + leader.pid());
        }
        if (!ids.isEmpty()) {
            kill.send(signal, ids);
        }
    }

    /** Sends signals by running kill(1): the JDK itself can send only SIGTERM and SIGKILL, and only to one process. */
    record Kill(List<String> prefix) {

        /** Uses the {@code kill} binary on the PATH, or the shell's builtin when there is none. */
        static Kill find() {
            return Executables.onPath("kill", System.getenv("PATH"))
                    .map(path -> new Kill(List.of(path.toString())))
                    .orElse(new Kill(List.of("/bin/sh", "-c", "kill \"$@\"", "kill")));
        }

        /**
         * Sends {@code signal} to each id (a pid, or {@code -pgid} for a group). Ids that no longer exist
         * are ignored: a process may end at any moment, and that is what a signal was for.
         */
        void send(Signal signal, List<String> ids) {
            List<String> command = new ArrayList<>(prefix);
            command.addAll(List.of("-s", signal.name(), "--"));
            command.addAll(ids);
            try {
                Process p = new ProcessBuilder(command)
                        .redirectInput(ProcessBuilder.Redirect.from(Executables.DEV_NULL))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD)
                        .start();
                p.waitFor();
            } catch (IOException e) {
                throw new IllegalStateException("cannot run kill: " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
