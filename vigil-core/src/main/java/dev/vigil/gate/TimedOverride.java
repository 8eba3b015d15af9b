package dev.vigil.gate;

import java.time.Instant;

/**
 * A time-limited override of every freeze for operators ({@code vigil freeze override --for 30m --reason ...}),
 * opened by an admin.
 */
public record TimedOverride(String openedBy, String reason, Instant from, Instant until) {

    public boolean activeAt(Instant at) {
        return !at.isBefore(from) && at.isBefore(until);
    }
}
