package dev.vigil.compose;

import java.util.Optional;

/**
 * Something in a Compose file that Vigil dropped or runs differently; the file is still usable.
 *
 * @param service the service it concerns; empty for top-level keys
 * @param key the key path, e.g. {@code services.web.build}
 */
public record Warning(String file, Optional<String> service, String key, String message) {

    /** {@code compose.yaml: services.web.build: not supported (...)}. */
    @Override
    public String toString() {
        return file + ": " + key + ": " + message;
    }
}
