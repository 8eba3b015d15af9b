package dev.vigil.docker;

import com.github.dockerjava.api.command.InspectContainerResponse;
import dev.vigil.runtime.ExitStatus;

/** Turns what the engine says about an ended container into an {@link ExitStatus}. */
final class ExitStatuses {

    /** The exit code an engine reports for a container whose main process SIGKILL ended. */
    static final int KILLED = 128 + 9;

    private ExitStatuses() {
    }

    /**
     * @param oomEventSeen an {@code oom} event for this container came through the event stream
     */
    static ExitStatus of(InspectContainerResponse inspect, boolean oomEventSeen) {
        InspectContainerResponse.ContainerState state = inspect.getState();
        Long exitCode = state == null ? null : state.getExitCodeLong();
        if (exitCode == null) {
            return ExitStatus.unknown();
        }
        int code = exitCode.intValue();
        if (Boolean.TRUE.equals(state.getOOMKilled()) || oomEventSeen) {
            return ExitStatus.oomKilled(code);
        }
        if (code == KILLED && hasMemoryLimit(inspect) && KernelOomLog.killedIn(inspect.getId())) {
            return ExitStatus.oomKilled(code);
        }
        return of(code);
    }

    /** Engines report death by signal N as 128+N, as shells do. */
    static ExitStatus of(int code) {
        if (code > 128 && code < 160) {
            return ExitStatus.killed(code - 128);
        }
        return ExitStatus.exited(code);
    }

    private static boolean hasMemoryLimit(InspectContainerResponse inspect) {
        Long memory = inspect.getHostConfig() == null ? null : inspect.getHostConfig().getMemory();
        return memory != null && memory > 0;
    }
}
