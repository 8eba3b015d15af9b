package dev.vigil.stack;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;

/**
 * A service's {@code metrics:} section: how often its usage is collected, and an exposition Vigil scrapes.
 *
 * @param interval how often its usage is collected and its exposition scraped; empty: the stack's interval
 *                 (scrapes: {@link #DEFAULT_SCRAPE_INTERVAL})
 * @param scrape a Prometheus or OpenMetrics exposition to read, e.g. {@code http://127.0.0.1:8080/metrics}
 * @param timeout how long a scrape may take; empty: the scrape interval, at most {@link #DEFAULT_TIMEOUT}
 * @param maxSeries the most series one scrape may bring; a scrape with more is refused whole
 */
public record ServiceMetricsSpec(Optional<Duration> interval, Optional<URI> scrape, Optional<Duration> timeout,
                                 int maxSeries) {

    public static final Duration DEFAULT_SCRAPE_INTERVAL = Duration.ofSeconds(15);
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    public static final int DEFAULT_MAX_SERIES = 10_000;

    public static final ServiceMetricsSpec DEFAULT = new ServiceMetricsSpec(Optional.empty(), Optional.empty(),
            Optional.empty(), DEFAULT_MAX_SERIES);

    /** How often the exposition is scraped. */
    public Duration scrapeInterval() {
        return interval.orElse(DEFAULT_SCRAPE_INTERVAL);
    }

    /** How long a scrape may take. */
    public Duration scrapeTimeout() {
        return timeout.orElseGet(() -> scrapeInterval().compareTo(DEFAULT_TIMEOUT) < 0 ? scrapeInterval() : DEFAULT_TIMEOUT);
    }
}
