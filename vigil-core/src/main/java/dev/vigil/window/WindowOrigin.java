package dev.vigil.window;

import java.util.Locale;

/** Where a window comes from: the stack file, or added while Vigil runs (CLI or API). */
public enum WindowOrigin {
    FILE,
    RUNTIME;

    /** {@code file}, {@code runtime}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
