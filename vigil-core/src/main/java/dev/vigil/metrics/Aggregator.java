package dev.vigil.metrics;

import java.util.function.Consumer;

/** Folds a series' samples, oldest first, into aggregates per bucket of one resolution. */
public final class Aggregator {

    private final Resolution resolution;
    private final Consumer<Aggregate> sink;
    private long bucket = Long.MIN_VALUE;
    private double min;
    private double max;
    private double sum;
    private long count;
    private double last;

    public Aggregator(Resolution resolution, Consumer<Aggregate> sink) {
        this.resolution = resolution;
        this.sink = sink;
    }

    public void add(long timestampMs, double value) {
        if (Sample.isStaleMarker(value)) {
            return;
        }
        long start = resolution.bucketStart(timestampMs);
        if (count > 0 && start != bucket) {
            flush();
        }
        if (count == 0) {
            bucket = start;
            min = value;
            max = value;
            sum = value;
            last = value;
            count = 1;
            return;
        }
        if (value < min || Double.isNaN(min)) {
            min = value;
        }
        if (value > max || Double.isNaN(max)) {
            max = value;
        }
        sum += value;
        last = value;
        count++;
    }

    /** The bucket in progress, not emitted yet. */
    public java.util.Optional<Aggregate> current() {
        return count == 0 ? java.util.Optional.empty()
                : java.util.Optional.of(new Aggregate(bucket, min, max, sum, count, last));
    }

    /** Emits the bucket in progress when it starts before {@code limit} (no later sample can reach it now). */
    public void flushIfBefore(long limit) {
        if (count > 0 && bucket < limit) {
            flush();
        }
    }

    /** Emits the bucket in progress, if any. */
    public void flush() {
        if (count > 0) {
            sink.accept(new Aggregate(bucket, min, max, sum, count, last));
            count = 0;
        }
    }
}
