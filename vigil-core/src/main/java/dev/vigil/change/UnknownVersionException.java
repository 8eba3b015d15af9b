package dev.vigil.change;

/** No version with this number was ever stored. */
public class UnknownVersionException extends RuntimeException {

    public UnknownVersionException(long number) {
        super("there is no version " + number);
    }
}
