package dev.vigil.promql;

/** A query that parsed but failed while evaluated, e.g. many-to-many matching or a duplicate series. */
public final class EvaluationException extends PromqlException {

    EvaluationException(String message) {
        super(message);
    }
}
