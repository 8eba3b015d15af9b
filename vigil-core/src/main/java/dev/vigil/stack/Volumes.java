package dev.vigil.stack;

import dev.vigil.stack.ContainerSpec.VolumeMount;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Volumes as written in a stack file or a Compose file: {@code name:/path}, {@code name:/path:ro},
 * {@code ./dir:/path} (a bind mount; relative paths resolve against the file's directory).
 */
public final class Volumes {

    static final String HINT = "write e.g. `data:/var/lib/data`, `./conf:/etc/app:ro` or `/srv/x:/x`";
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]*");

    private Volumes() {
    }

    /** Parses the short syntax; throws {@link IllegalArgumentException} with a message fit for a problem. */
    public static VolumeMount parse(String text, Path directory) {
        String[] parts = text.trim().split(":", -1);
        if (parts.length == 1) {
            throw new IllegalArgumentException(YamlNodes.quote(text) + " has no source; " + HINT);
        }
        if (parts.length > 3) {
            throw new IllegalArgumentException(YamlNodes.quote(text) + " is not a volume; " + HINT);
        }
        boolean readOnly = false;
        if (parts.length == 3) {
            readOnly = switch (parts[2]) {
                case "ro" -> true;
                case "rw" -> false;
                default -> throw new IllegalArgumentException("unknown volume mode " + YamlNodes.quote(parts[2])
                        + "; expected ro or rw");
            };
        }
        return of(parts[0], parts[1], readOnly, directory);
    }

    /**
     * A mount whose kind follows from its source: a path ({@code /}, {@code .}, {@code ~}) is a bind mount,
     * anything else names a volume.
     */
    public static VolumeMount of(String source, String target, boolean readOnly, Path directory) {
        if (isPath(source)) {
            return bind(source, target, readOnly, directory);
        }
        if (!NAME.matcher(source).matches()) {
            throw new IllegalArgumentException("invalid volume name " + YamlNodes.quote(source)
                    + "; use letters, digits, `_`, `.` and `-`, or a path starting with `/` or `./` for a bind mount");
        }
        return new VolumeMount(VolumeMount.Kind.VOLUME, source, target(target), readOnly);
    }

    /** A bind mount of a host path, made absolute against {@code directory}. */
    public static VolumeMount bind(String source, String target, boolean readOnly, Path directory) {
        if (source.isBlank()) {
            throw new IllegalArgumentException("a bind mount needs a source path");
        }
        return new VolumeMount(VolumeMount.Kind.BIND, hostPath(source, directory), target(target), readOnly);
    }

    /** A source that names a host path ({@code /}, {@code .}, {@code ~}) rather than a volume. */
    public static boolean isPath(String source) {
        return source.startsWith("/") || source.startsWith(".") || source.startsWith("~");
    }

    private static String hostPath(String source, Path directory) {
        if (source.equals("~") || source.startsWith("~/")) {
            return Path.of(System.getProperty("user.home")).resolve(source.substring(1).replaceFirst("^/", ""))
                    .normalize().toString();
        }
        return directory.resolve(source).normalize().toString();
    }

    private static String target(String target) {
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException("the target " + YamlNodes.quote(target)
                    + " must be an absolute path in the container");
        }
        return target;
    }

    /** The short syntax that {@link #parse} reads back to the same mount. */
    public static String format(VolumeMount mount) {
        return mount.source() + ":" + mount.target() + (mount.readOnly() ? ":ro" : "");
    }
}
