package dev.vigil.store;

/** A stored payload this version cannot turn back into an event: an unknown type or a shape it does not know. */
public final class UnreadableEventException extends StoreException {

    public UnreadableEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
