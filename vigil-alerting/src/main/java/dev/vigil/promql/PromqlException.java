package dev.vigil.promql;

/** A query that could not be parsed or evaluated; the message says why, in Prometheus's words where it has them. */
public sealed class PromqlException extends RuntimeException permits ParseException, EvaluationException {

    PromqlException(String message) {
        super(message);
    }
}
