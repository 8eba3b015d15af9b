package dev.vigil.metrics;

/**
 * One point of a series: milliseconds since the epoch and a value. Equal when the time and the value's bits are
 * equal, so two different NaNs (a plain one and Prometheus's staleness marker) are told apart.
 */
public record Sample(long timestampMs, double value) {

    /** The NaN Prometheus writes when a series disappears from a scrape; stored and returned bit for bit. */
    public static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);

    public static boolean isStaleMarker(double value) {
        return Double.doubleToRawLongBits(value) == Double.doubleToRawLongBits(STALE_NAN);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Sample s && s.timestampMs == timestampMs
                && Double.doubleToRawLongBits(s.value) == Double.doubleToRawLongBits(value);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(timestampMs) * 31 + Long.hashCode(Double.doubleToRawLongBits(value));
    }
}
