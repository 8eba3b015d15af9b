package dev.vigil.metrics;

/** A metric store could not do what was asked. */
public class MetricStoreException extends RuntimeException {

    public MetricStoreException(String message) {
        super(message);
    }

    public MetricStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
