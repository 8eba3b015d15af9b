package dev.vigil.change;

/** How an apply ended. */
public enum VersionResult {
    /** The stack runs this version. */
    APPLIED,
    /** Applied, but it did not become healthy, and the version before it was applied again. */
    ROLLED_BACK,
    /** Could not be applied (refused, or failed part way); the running stack was left as it was or restored. */
    FAILED
}
