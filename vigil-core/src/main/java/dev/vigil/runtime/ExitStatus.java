package dev.vigil.runtime;

import dev.vigil.stack.Signal;

/**
 * How an instance ended: an exit code, or the number of the signal that killed it.
 *
 * @param code the exit code, or -1 when a signal ended it
 * @param signal the killing signal's number, or 0 when it exited by itself
 */
public record ExitStatus(int code, int signal) {

    public static ExitStatus exited(int code) {
        return new ExitStatus(code, 0);
    }

    public static ExitStatus killed(int signal) {
        return new ExitStatus(-1, signal);
    }

    /** A clean exit: code 0. */
    public boolean success() {
        return signal == 0 && code == 0;
    }

    public String describe() {
        if (signal != 0) {
            return "killed by " + Signal.ofNumber(signal).map(Signal::fullName).orElse("signal " + signal);
        }
        return "exited with code " + code;
    }
}
