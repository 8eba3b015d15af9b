package dev.vigil.runtime;

/** A runtime could not start an instance; the message says why in terms a user can act on. */
public class StartFailure extends RuntimeException {
    public StartFailure(String message, Throwable cause) {
        super(message, cause);
    }

    public StartFailure(String message) {
        super(message);
    }
}
