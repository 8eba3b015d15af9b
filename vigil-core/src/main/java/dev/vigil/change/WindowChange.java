package dev.vigil.change;

import java.util.List;

/**
 * A window (or a profile) of the stack file added, removed or changed, by name. Windows only feed the gate, and
 * what a profile does to a service is that service's change, so these apply live.
 *
 * @param keys what changed in a {@link Kind#CHANGED} window; empty for the others
 */
public record WindowChange(String name, Kind kind, List<KeyChange> keys) {

    public enum Kind { ADDED, REMOVED, CHANGED }

    public WindowChange {
        keys = List.copyOf(keys);
    }
}
