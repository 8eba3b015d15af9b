package dev.vigil.bench;

import dev.vigil.time.Scheduler;

import java.time.Duration;
import java.time.Instant;

/** Time set by the benchmark (the data's time); no timers: the benchmark runs compaction itself, on its thread. */
final class BenchClock implements Scheduler {

    private volatile long nowMs;

    void set(long ms) {
        nowMs = ms;
    }

    @Override
    public Instant now() {
        return Instant.ofEpochMilli(nowMs);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public Cancellable schedule(Duration delay, Runnable task) {
        return () -> { };
    }
}
