package dev.vigil.change;

import java.util.List;

/**
 * A window of the stack file added, removed or changed, by name. Windows only feed the gate, so every window
 * change applies live.
 *
 * @param keys what changed in a {@link Kind#CHANGED} window; empty for the others
 */
public record WindowChange(String name, Kind kind, List<KeyChange> keys) {

    public enum Kind { ADDED, REMOVED, CHANGED }

    public WindowChange {
        keys = List.copyOf(keys);
    }
}
