package dev.vigil.store;

/** A store could not do what was asked: the database is unusable, too new, or closed. */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
