package dev.vigil.notify;

/** A notification could not be handled: an unknown receiver, or a delivery attempt that failed (for the breaker). */
public final class NotifyException extends RuntimeException {

    public NotifyException(String message) {
        super(message);
    }
}
