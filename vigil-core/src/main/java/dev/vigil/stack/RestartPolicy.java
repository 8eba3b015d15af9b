package dev.vigil.stack;

/** When an exited service is started again. */
public enum RestartPolicy {
    /** After any exit. */
    ALWAYS,
    /** After an exit with a non-zero code or by a signal. */
    ON_FAILURE,
    /** Never; the exit is recorded and the service stays down. */
    NEVER;

    public String yamlName() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
