package dev.vigil.change;

/** What applying a change to a running service takes. */
public enum Effect {
    /** Applied to the running instance: its probes, policies or bookkeeping change, the instance stays. */
    LIVE,
    /** The instance is stopped and a new one started from the new definition. */
    REPLACE
}
