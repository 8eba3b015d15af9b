package dev.vigil.metrics;

/**
 * A rollup of one series over one bucket {@code [startMs, startMs + step)}: min, max, sum, count and the last
 * value. Staleness markers are not samples and are left out. A NaN is counted and summed (the sum becomes NaN),
 * and is the min or max only when every value in the bucket is NaN, as Prometheus's min_over_time and
 * max_over_time do. At raw resolution each sample is an aggregate of one.
 */
public record Aggregate(long startMs, double min, double max, double sum, long count, double last) {

    public double avg() {
        return sum / count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Aggregate a && a.startMs == startMs && a.count == count && same(a.min, min)
                && same(a.max, max) && same(a.sum, sum) && same(a.last, last);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(startMs) * 31 + Long.hashCode(count);
    }

    private static boolean same(double a, double b) {
        return Double.doubleToRawLongBits(a) == Double.doubleToRawLongBits(b);
    }
}
