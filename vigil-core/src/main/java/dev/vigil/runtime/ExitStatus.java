package dev.vigil.runtime;

import dev.vigil.stack.Signal;

/**
 * How an instance ended: an exit code, or the number of the signal that killed it, or neither when the runtime
 * could only see that it ended ({@link #unknown()}).
 *
 * @param code the exit code, or -1 when a signal ended it or the status is unknown
 * @param signal the killing signal's number, or 0 when it exited by itself or the status is unknown
 * @param oomKilled the kernel's OOM killer ended it (or a process in it) for exceeding its memory limit
 */
public record ExitStatus(int code, int signal, boolean oomKilled) {

    public ExitStatus(int code, int signal) {
        this(code, signal, false);
    }

    public static ExitStatus exited(int code) {
        return new ExitStatus(code, 0);
    }

    public static ExitStatus killed(int signal) {
        return new ExitStatus(-1, signal);
    }

    /**
     * It ended, but how is not known: e.g. a process that is not a child of this Vigil (one adopted from an
     * earlier run) cannot be waited for, so its exit code is lost. Never a success.
     */
    public static ExitStatus unknown() {
        return new ExitStatus(-1, 0);
    }

    /**
     * The OOM killer ended it: a container's engine says so, with the exit code it saw (usually 137). The code
     * is kept as reported; the signal is not assumed, since the killer may have hit a child, not the main process.
     */
    public static ExitStatus oomKilled(int code) {
        return new ExitStatus(code, 0, true);
    }

    /** False for {@link #unknown()}: no exit code and no signal were seen. */
    public boolean known() {
        return code != -1 || signal != 0;
    }

    /** A clean exit: code 0. */
    public boolean success() {
        return !oomKilled && signal == 0 && code == 0;
    }

    public String describe() {
        if (oomKilled) {
            return "killed by the OOM killer (memory limit)";
        }
        if (signal != 0) {
            return "killed by " + Signal.ofNumber(signal).map(Signal::fullName).orElse("signal " + signal);
        }
        if (!known()) {
            return "ended (exit status unknown: not a child of this Vigil)";
        }
        return "exited with code " + code;
    }
}
