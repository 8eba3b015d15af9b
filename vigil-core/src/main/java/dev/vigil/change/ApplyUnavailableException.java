package dev.vigil.change;

/** This stack cannot be changed by an apply (it was started from a Compose file); the message says what to do. */
public final class ApplyUnavailableException extends RuntimeException {

    public ApplyUnavailableException(String message) {
        super(message);
    }
}
