package dev.vigil.stack;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** When a container service's image is pulled from its registry. */
public enum PullPolicy {
    /** Only when the engine does not have the image (compose's default). */
    MISSING,
    /** At every `vigil up` and before every container Vigil creates; the local image when the registry fails. */
    ALWAYS,
    /** Never: an image the engine does not have is a start failure. */
    NEVER;

    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static List<String> yamlNames() {
        return Arrays.stream(values()).map(PullPolicy::yamlName).toList();
    }
}
