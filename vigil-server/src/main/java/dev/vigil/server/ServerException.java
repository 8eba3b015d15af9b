package dev.vigil.server;

/** The control plane cannot be configured or started as asked; the message says what to change. */
public final class ServerException extends RuntimeException {

    public ServerException(String message) {
        super(message);
    }

    public ServerException(String message, Throwable cause) {
        super(message, cause);
    }
}
