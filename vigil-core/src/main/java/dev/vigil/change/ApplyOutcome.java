package dev.vigil.change;

import dev.vigil.gate.Decision;

import java.util.List;

/** How an apply ended. */
public sealed interface ApplyOutcome {

    Plan plan();

    /** The file describes what runs already; nothing was done or recorded. */
    record NoChanges(Plan plan) implements ApplyOutcome {
    }

    /** Freeze windows cover services the apply would replace or stop; nothing was done. */
    record Refused(Plan plan, List<Decision.Refused> refusals) implements ApplyOutcome {
    }

    /** Applied, every replaced or new service ready; recorded as {@code version}. */
    record Applied(Plan plan, ConfigVersion version) implements ApplyOutcome {
    }

    /** A replaced or new service did not become ready in time: the previous version runs again. */
    record RolledBack(Plan plan, ConfigVersion version, String detail) implements ApplyOutcome {
    }

    /** A replaced or new service did not become ready in time, and the new version was kept (no rollback). */
    record Failed(Plan plan, ConfigVersion version, String detail) implements ApplyOutcome {
    }
}
