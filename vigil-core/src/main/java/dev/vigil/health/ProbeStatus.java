package dev.vigil.health;

import java.util.Locale;

/** A probe's (or a service's) verdict; {@code UNKNOWN} until enough results agree. */
public enum ProbeStatus {
    UNKNOWN, HEALTHY, UNHEALTHY;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** All must be healthy for the whole to be; any unhealthy makes it unhealthy. */
    public static ProbeStatus combine(Iterable<ProbeStatus> parts) {
        boolean allHealthy = true;
        for (ProbeStatus p : parts) {
            if (p == UNHEALTHY) {
                return UNHEALTHY;
            }
            allHealthy &= p == HEALTHY;
        }
        return allHealthy ? HEALTHY : UNKNOWN;
    }
}
