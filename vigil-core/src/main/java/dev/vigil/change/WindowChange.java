package dev.vigil.change;

/** A window of the stack file added, removed or changed, by name; windows only feed the gate, so all apply live. */
public record WindowChange(String name, Kind kind) {

    public enum Kind { ADDED, REMOVED, CHANGED }
}
