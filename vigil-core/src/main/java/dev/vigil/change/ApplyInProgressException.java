package dev.vigil.change;

/** Another apply (or rollback) is running; one at a time. */
public final class ApplyInProgressException extends RuntimeException {

    public ApplyInProgressException() {
        super("another apply is in progress; try again when it has finished (see vigil events -f)");
    }
}
