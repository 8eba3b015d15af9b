package dev.vigil.runtime;

import dev.vigil.stack.Signal;
import dev.vigil.stack.StopSpec;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;

/** One running incarnation of a service. */
public interface Instance {

    String service();

    /** Which of the service's instances this is; the primary unless it was started in another slot. */
    default Slot slot() {
        return Slot.PRIMARY;
    }

    /**
     * How the runtime brought it up when it had a choice (a container restarted in place or recreated); empty
     * for an instance that is simply new (every process, a container's first).
     */
    default Optional<StartChoice> startChoice() {
        return Optional.empty();
    }

    /** The runtime's identity for it: a pid for processes, a container id for containers. */
    String id();

    /** The operating system process id, when there is one on this host. */
    OptionalLong pid();

    Instant startedAt();

    /** Completes once, as soon as the instance has ended, whatever ended it. */
    CompletableFuture<ExitStatus> onExit();

    boolean isAlive();

    /** Sends a signal to the whole instance (its process group). Ignored if it has ended. */
    void signal(Signal signal);

    /**
     * Stops the instance and everything it started: the spec's signal, then SIGKILL after the grace period.
     * Completes with the exit status once nothing of it is left.
     */
    CompletableFuture<ExitStatus> stop(StopSpec stop);

    /** Resident memory of the whole process tree, when it can be measured. */
    OptionalLong memoryBytes();

    /**
     * CPU, memory, threads, file descriptors and storage I/O of the whole instance, read now; empty when it has
     * ended or cannot be measured from here. A blocking call (it reads {@code /proc} or a cgroup, or asks the
     * engine): never on a supervisor's lane.
     */
    default Optional<Usage> usage() {
        return Optional.empty();
    }

    /** The last lines the instance wrote (stdout and stderr), oldest first. */
    List<String> lastLogLines(int max);
}
