package dev.vigil.alerting;

/** Where an alert of a rule is: its condition holds but not yet for {@code for} (pending), holds long enough
 * (firing), or held and no longer does (inactive, kept a while to be told resolved). */
public enum AlertState {
    PENDING, FIRING, INACTIVE;

    /** As Prometheus names it in {@code ALERTS{alertstate=...}} and its API. */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
