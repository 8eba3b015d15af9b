package dev.vigil.store;

import dev.vigil.metrics.Labels;
import dev.vigil.metrics.Reading;
import dev.vigil.time.SystemScheduler;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A process that appends one batch per interval to a metric store until it is killed, printing each interval's
 * number once append returned: the other side of {@link SqliteMetricStoreTest#aKillDuringAppendsLosesAtMostOneInterval}.
 * Compaction runs every 50 ms on the real clock, so a kill also lands while chunks are written and the WAL is
 * rewritten. Times start at the second argument (the real time, since compaction rolls up minutes that are over
 * and refuses samples in them) and advance a second per interval.
 */
public final class MetricAppender {

    static final int SERIES = 50;

    private MetricAppender() {
    }

    static Labels labels(int series) {
        return Labels.metric("appender_value", "series", Integer.toString(series));
    }

    static double value(int series, long interval) {
        return interval % 17 == 0 ? Double.NaN : series * 1000.0 + interval * 0.25;
    }

    public static void main(String[] args) {
        SqliteMetricStore.Options options = SqliteMetricStore.Options.defaults()
                .withCompactEvery(Duration.ofMillis(50));
        long start = Long.parseLong(args[1]);
        try (SystemScheduler scheduler = new SystemScheduler();
             SqliteMetricStore store = SqliteMetricStore.open(Path.of(args[0]), scheduler, options)) {
            for (long interval = 0; ; interval++) {
                List<Reading> batch = new ArrayList<>(SERIES);
                for (int s = 0; s < SERIES; s++) {
                    batch.add(new Reading(labels(s), value(s, interval)));
                }
                store.append(start + interval * 1000, batch);
                System.out.println(interval);
                System.out.flush();
            }
        }
    }
}
