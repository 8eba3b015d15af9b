package dev.vigil.cli;

/** The documented exit codes of every command. */
public final class ExitCodes {
    public static final int OK = 0;
    /** Something failed at run time (a store that cannot be opened, a stack that could not be stopped). */
    public static final int FAILURE = 1;
    /** The input was wrong: a stack file with problems, bad flags or values. Same as picocli's usage code. */
    public static final int INVALID = 2;
    /** Refused by policy: a freeze window covers what the command would disrupt (override with a reason). */
    public static final int REFUSED = 3;

    private ExitCodes() {
    }
}
