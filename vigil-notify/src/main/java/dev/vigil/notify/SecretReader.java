package dev.vigil.notify;

import dev.vigil.stack.MapReader;
import dev.vigil.stack.NodeReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a secret written as {@code <key>_file} (a file holding it, as Alertmanager has) or {@code <key>_env} (an
 * environment variable holding it, Vigil's own). Written inline as {@code <key>} it would end up in versions, diffs
 * and backups of the stack file, so it is refused, except where {@link #read} is told the value is often not secret.
 */
final class SecretReader {

    private final NodeReader reader;
    private final Path baseDir;
    private final Function<String, Optional<String>> env;

    SecretReader(NodeReader reader, Path baseDir, Function<String, Optional<String>> env) {
        this.reader = reader;
        this.baseDir = baseDir;
        this.env = env;
    }

    /** The keys a secret may be written with. */
    static List<String> keys(String key) {
        return List.of(key, key + "_file", key + "_env");
    }

    /**
     * @param at where a missing secret is reported
     * @param inlineAllowed whether {@code <key>} itself may hold the value (a webhook's URL)
     */
    Optional<Secret> read(MapReader map, Node at, String key, boolean required, boolean inlineAllowed) {
        List<String> given = keys(key).stream().filter(map::has).toList();
        if (given.isEmpty()) {
            if (required) {
                reader.problem(at, map.path(key), "missing; give `" + key + "_file` (a file holding it) or `"
                        + key + "_env` (an environment variable holding it)");
            }
            return Optional.empty();
        }
        if (given.size() > 1) {
            reader.problem(map.keyNode(given.get(1)).orElseThrow(), map.path(given.get(1)),
                    "give only one of " + String.join(", ", given.stream().map(k -> "`" + k + "`").toList()));
            return Optional.empty();
        }
        String written = given.get(0);
        Node value = map.get(written).orElseThrow();
        String path = map.path(written);
        Optional<String> text = reader.string(value, path);
        if (text.isEmpty()) {
            return Optional.empty();
        }
        if (written.equals(key)) {
            if (!inlineAllowed) {
                reader.problem(map.keyNode(key).orElseThrow(), path, "is a secret and must not be written in the"
                        + " file; give `" + key + "_file` (a file holding it) or `" + key + "_env` (an environment"
                        + " variable holding it)");
                return Optional.empty();
            }
            return Optional.of(Secret.of(text.get(), "inline " + key));
        }
        if (written.endsWith("_env")) {
            Optional<String> found = env.apply(text.get()).filter(v -> !v.isBlank());
            if (found.isEmpty()) {
                reader.problem(value, path, "environment variable " + text.get() + " is not set or empty");
                return Optional.empty();
            }
            return Optional.of(Secret.of(found.get().strip(), "env " + text.get()));
        }
        Path file = baseDir.resolve(text.get());
        try {
            String content = Files.readString(file, StandardCharsets.UTF_8).strip();
            if (content.isEmpty()) {
                reader.problem(value, path, "file " + file + " is empty");
                return Optional.empty();
            }
            return Optional.of(Secret.of(content, "file " + file));
        } catch (NoSuchFileException e) {
            reader.problem(value, path, "file " + file + " does not exist");
        } catch (IOException e) {
            reader.problem(value, path, "file " + file + " cannot be read: " + e.getClass().getSimpleName());
        }
        return Optional.empty();
    }
}
