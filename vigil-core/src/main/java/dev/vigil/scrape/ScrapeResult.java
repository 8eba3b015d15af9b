package dev.vigil.scrape;

import dev.vigil.metrics.Reading;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What one scrape of one target came to: every sample, ready for the store, or one line saying why none. */
public sealed interface ScrapeResult {

    /** When the scrape started: the time of every sample the target gave without one. */
    Instant at();

    Duration took();

    /**
     * The exposition was read whole; its samples carry the target's {@code service} label.
     *
     * @param current the samples without a timestamp, all at {@link #at()}
     * @param timestamped the samples with one, by their time in milliseconds, oldest first
     * @param series how many samples the exposition held (one per series)
     */
    record Success(Instant at, Duration took, List<Reading> current, SortedMap<Long, List<Reading>> timestamped,
                   int series) implements ScrapeResult {
        public Success {
            current = List.copyOf(current);
            TreeMap<Long, List<Reading>> copy = new TreeMap<>();
            timestamped.forEach((ms, readings) -> copy.put(ms, List.copyOf(readings)));
            timestamped = Collections.unmodifiableSortedMap(copy);
        }

        /** Every sample grouped by its time in milliseconds, oldest first: one store batch each. */
        public SortedMap<Long, List<Reading>> batches() {
            TreeMap<Long, List<Reading>> all = new TreeMap<>(timestamped);
            if (!current.isEmpty()) {
                all.merge(at.toEpochMilli(), current, Success::concat);
            }
            return Collections.unmodifiableSortedMap(all);
        }

        private static List<Reading> concat(List<Reading> a, List<Reading> b) {
            return Stream.concat(a.stream(), b.stream()).toList();
        }
    }

    /**
     * Nothing of the scrape is kept.
     *
     * @param reason one line, e.g. {@code timed out after 10s}, {@code HTTP 500}, {@code connection refused}
     */
    record Failure(Instant at, Duration took, String reason) implements ScrapeResult {
    }
}
