package dev.vigil.window;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** What a window means: no voluntary disruption ({@code freeze}), or work expected ({@code maintenance}). */
public enum WindowKind {
    FREEZE,
    MAINTENANCE;

    /** The name in the stack file: {@code freeze}, {@code maintenance}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<WindowKind> fromYaml(String text) {
        return Arrays.stream(values()).filter(k -> k.yamlName().equals(text.strip().toLowerCase(Locale.ROOT))).findFirst();
    }
}
