package dev.vigil.cli;

/** A user-supplied value is wrong; the command exits with {@link ExitCodes#INVALID}. */
public final class InvalidInput extends RuntimeException {
    public InvalidInput(String message) {
        super(message);
    }
}
