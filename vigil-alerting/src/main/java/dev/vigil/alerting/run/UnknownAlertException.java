package dev.vigil.alerting.run;

/** No firing alert, or more than one, answers to what was given. */
public final class UnknownAlertException extends RuntimeException {

    public UnknownAlertException(String message) {
        super(message);
    }
}
