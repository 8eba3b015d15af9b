package dev.vigil.window;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a window means: no voluntary disruption ({@code freeze}), work expected ({@code maintenance}), or nothing of
 * its own: a {@code period} that profiles switch on and off with (the peak season).
 */
public enum WindowKind {
    FREEZE,
    MAINTENANCE,
    PERIOD;

    /** The name in the stack file: {@code freeze}, {@code maintenance}, {@code period}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<WindowKind> fromYaml(String text) {
        return Arrays.stream(values()).filter(k -> k.yamlName().equals(text.strip().toLowerCase(Locale.ROOT))).findFirst();
    }
}
