package dev.vigil.stack;

import java.util.Locale;
import java.util.Optional;

/** The POSIX signals a stack file may name (Linux numbering). */
public enum Signal {
    HUP(1), INT(2), QUIT(3), KILL(9), USR1(10), USR2(12), TERM(15), CONT(18), STOP(19);

    private final int number;

    Signal(int number) {
        this.number = number;
    }

    public int number() {
        return number;
    }

    /** {@code SIGTERM}, as people write it. */
    public String fullName() {
        return "SIG" + name();
    }

    /** Accepts {@code TERM}, {@code SIGTERM} and {@code sigterm}. */
    public static Optional<Signal> parse(String text) {
        String name = text.trim().toUpperCase(Locale.ROOT);
        if (name.startsWith("SIG")) {
            name = name.substring(3);
        }
        for (Signal s : values()) {
            if (s.name().equals(name)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    public static Optional<Signal> ofNumber(int number) {
        for (Signal s : values()) {
            if (s.number == number) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
