package dev.vigil.notify;

/** Whether an alert, or a group of them, is firing or resolved; written in lower case as Alertmanager does. */
public enum AlertStatus {
    FIRING, RESOLVED;

    public String text() {
        return this == FIRING ? "firing" : "resolved";
    }
}
