package dev.vigil.metrics;

/** A select would return more than its {@link QueryLimits} allow; the message names the limit. */
public final class QueryLimitException extends MetricStoreException {

    public QueryLimitException(String message) {
        super(message);
    }
}
