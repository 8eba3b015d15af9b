package dev.vigil.gate;

import dev.vigil.window.Freeze;

import java.time.ZoneId;

/** The gate's answer to a disruption. */
public sealed interface Decision {

    /** True when the disruption may go ahead (no freeze covers it, or an override lets it through). */
    default boolean allowed() {
        return !(this instanceof Refused);
    }

    /** No freeze window covers the service now, or the cause is healing. */
    record Allowed() implements Decision {
    }

    /** A freeze covers the service, and an override lets the disruption through; recorded as OverrideUsed. */
    record Overridden(Freeze freeze, String by, String reason) implements Decision {
    }

    /** A freeze covers the service; recorded as DisruptionRefused. */
    record Refused(Disruption disruption, Freeze freeze) implements Decision {
        /** E.g. {@code restart of api refused: freeze window `weekend` (...) until Mon 2026-12-07 06:00 CET}. */
        public String message(ZoneId zone) {
            return disruption.action() + " of " + disruption.service() + " refused: " + freeze.describe(zone);
        }
    }
}
