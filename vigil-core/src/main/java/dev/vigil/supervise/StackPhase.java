package dev.vigil.supervise;

import java.util.Locale;

/** Where a whole stack is in its life, for status views (API, status.json). */
public enum StackPhase {
    /** Not every service has been up once yet. */
    STARTING,
    STARTED,
    STOPPING,
    /** Every service is down after a stop. */
    STOPPED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
