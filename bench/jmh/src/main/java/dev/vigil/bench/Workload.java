package dev.vigil.bench;

import dev.vigil.metrics.Labels;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Series shaped like a node exporter's and a JVM's, scraped every 15 s: integer counters (bytes, packets),
 * float counters in hundredths (CPU seconds), gauges moving by pages on some scrapes (memory), and flags that
 * rarely change. Seeded: every run ingests the same numbers.
 */
final class Workload {

    static final long START = 1_767_225_600_000L;
    static final long INTERVAL = 15_000;

    private final List<Labels> labels = new ArrayList<>();
    private final double[] value;
    private final double[] rate;
    private final int[] kind;
    private final SplittableRandom random = new SplittableRandom(42);

    Workload(int series) {
        value = new double[series];
        rate = new double[series];
        kind = new int[series];
        for (int i = 0; i < series; i++) {
            kind[i] = i % 10 < 3 ? 0 : i % 10 < 5 ? 1 : i % 10 < 8 ? 2 : 3;
            String name = switch (kind[i]) {
                case 0 -> "node_network_receive_bytes_total";
                case 1 -> "node_cpu_seconds_total";
                case 2 -> "process_resident_memory_bytes";
                default -> "up";
            };
            labels.add(Labels.metric(name, "instance", "host-" + (i / 10), "series", Integer.toString(i)));
            rate[i] = Math.exp(random.nextDouble() * 10); // 1 to 22,000 a second
            value[i] = kind[i] == 2 ? 4096L * (50_000 + random.nextInt(50_000)) : kind[i] == 3 ? 1 : 0;
        }
    }

    int size() {
        return labels.size();
    }

    Labels labels(int i) {
        return labels.get(i);
    }

    /** Scrape number {@code n}'s time: every 15 s, a few milliseconds late now and then, as a real scraper is. */
    long time(long n) {
        return START + n * INTERVAL + (random.nextInt(4) == 0 ? random.nextInt(1, 6) : 0);
    }

    /** The next value of series i. */
    double next(int i) {
        switch (kind[i]) {
            case 0 -> value[i] += Math.round(rate[i] * 15 * (0.5 + random.nextDouble()));
            case 1 -> value[i] = Math.round((value[i] + 15 * random.nextDouble()) * 100) / 100.0;
            case 2 -> {
                if (random.nextBoolean()) {
                    value[i] += 4096L * (random.nextInt(64) - 32);
                }
            }
            default -> {
                if (random.nextInt(2_000) == 0) {
                    value[i] = 1 - value[i];
                }
            }
        }
        return value[i];
    }
}
