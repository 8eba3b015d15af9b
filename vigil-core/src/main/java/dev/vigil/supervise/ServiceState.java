package dev.vigil.supervise;

import java.util.Locale;

/** Where a service is in its life; the supervisor is the only one that moves it. */
public enum ServiceState {
    /** Not started yet: waiting for its turn or for dependencies. */
    PENDING,
    /** An instance runs; its probes have not passed yet. */
    STARTING,
    /** An instance runs and the service has no probes. */
    RUNNING,
    /** An instance runs and every probe passes. */
    HEALTHY,
    /** An instance runs but a probe failed its threshold. */
    UNHEALTHY,
    /** A soft recovery step was taken; waiting for the probes to pass again. */
    RECOVERING,
    /** The instance is being stopped so that a new one can start. */
    RESTARTING,
    /** Waiting out the backoff delay before the next start. */
    BACKOFF,
    /** A stop was asked for; the instance is ending. */
    STOPPING,
    /** Stopped on request. */
    STOPPED,
    /** Ended by itself and its restart policy says to leave it down. */
    EXITED,
    /** Given up: the restart limit was exceeded. */
    FAILED;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** An instance of the service is (or should be) alive in this state. */
    public boolean hasInstance() {
        return switch (this) {
            case STARTING, RUNNING, HEALTHY, UNHEALTHY, RECOVERING, RESTARTING, STOPPING -> true;
            default -> false;
        };
    }

    /** The service is up as far as a {@code started} dependency is concerned. */
    public boolean isStarted() {
        return switch (this) {
            case STARTING, RUNNING, HEALTHY, UNHEALTHY, RECOVERING -> true;
            default -> false;
        };
    }

    /** The service is up as far as a {@code healthy} dependency is concerned. */
    public boolean isReady() {
        return this == HEALTHY || this == RUNNING;
    }

    /** Nothing more will happen until someone asks. */
    public boolean isSettled() {
        return this == STOPPED || this == EXITED || this == FAILED;
    }
}
