package dev.vigil.metrics;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The one thread that appends to a {@link MetricStore}: collectors and scrapes hand their batches over and never
 * wait for the store. The queue is bounded; when the store falls that far behind, new batches are dropped and
 * counted rather than held without end.
 */
public final class MetricWriter implements AutoCloseable {

    /** Batches waiting at most: with a batch per collection and per scrape, minutes of a large stack. */
    public static final int DEFAULT_QUEUE = 4096;

    private record Batch(long timestampMs, List<Reading> readings, CompletableFuture<Void> done) {
    }

    private static final Batch STOP = new Batch(0, List.of(), new CompletableFuture<>());

    private final MetricStore store;
    private final BlockingQueue<Batch> queue;
    private final Consumer<RuntimeException> failures;
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final Thread thread;

    /**
     * @param failures told about an append that threw (the store's own problems reach its problem listener)
     */
    public MetricWriter(MetricStore store, int queueSize, Consumer<RuntimeException> failures) {
        this.store = store;
        this.queue = new ArrayBlockingQueue<>(queueSize);
        this.failures = failures;
        this.thread = Thread.ofPlatform().name("vigil-metric-writer").daemon(true).start(this::run);
    }

    public MetricStore store() {
        return store;
    }

    /** Queues one batch, all at {@code timestampMs}; false (and counted) when the queue is full. */
    public boolean offer(long timestampMs, List<Reading> readings) {
        if (readings.isEmpty()) {
            return true;
        }
        if (queue.offer(new Batch(timestampMs, List.copyOf(readings), new CompletableFuture<>()))) {
            return true;
        }
        dropped.incrementAndGet();
        return false;
    }

    /**
     * Queues one batch and returns when it is appended, for a writer that reads its own samples next (a recording
     * rule's series, used by the rules after it); completes exceptionally when the queue is full or the store
     * refused the batch.
     */
    public CompletableFuture<Void> write(long timestampMs, List<Reading> readings) {
        if (readings.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        Batch batch = new Batch(timestampMs, List.copyOf(readings), new CompletableFuture<>());
        if (!queue.offer(batch)) {
            dropped.incrementAndGet();
            return CompletableFuture.failedFuture(new IllegalStateException("the metric write queue is full"));
        }
        return batch.done();
    }

    /** Batches dropped because the queue was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Batches appended (whatever the store accepted of them). */
    public long written() {
        return written.get();
    }

    /** Batches waiting. */
    public int queued() {
        return queue.size();
    }

    private void run() {
        while (true) {
            Batch batch;
            try {
                batch = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            if (batch == STOP) {
                return;
            }
            try {
                store.append(batch.timestampMs(), batch.readings());
                written.incrementAndGet();
                batch.done().complete(null);
            } catch (RuntimeException e) {
                batch.done().completeExceptionally(e);
                failures.accept(e);
            }
        }
    }

    /** Appends what is queued (waiting up to {@code timeoutMs}), then stops; the store stays open. */
    public void flush(long timeoutMs) {
        try {
            queue.put(STOP);
            thread.join(timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        flush(TimeUnit.SECONDS.toMillis(5));
        thread.interrupt();
    }
}
