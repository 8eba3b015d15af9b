package dev.vigil.stack;

/**
 * One thing wrong with a stack file: where (1-based line and column), under which key, and what.
 *
 * @param key the key path, e.g. {@code services.api.health[0].interval}; empty for the file as a whole
 */
public record Problem(String file, int line, int column, String key, String message) {

    /** {@code file:line:col: key: message}, or {@code file:line:col: message} when there is no key. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + (key.isEmpty() ? "" : key + ": ") + message;
    }
}
