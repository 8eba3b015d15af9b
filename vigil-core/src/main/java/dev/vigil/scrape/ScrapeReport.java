package dev.vigil.scrape;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The latest known state of one scrape target, as an API would show it.
 *
 * @param target the URL, a password in it masked
 * @param lastScrape when the last scrape started; empty before the first one ended
 * @param lastError the reason of the last failed scrape; empty while the target is up
 * @param series the series of the last successful scrape
 */
public record ScrapeReport(String service, String target, Health health, Optional<Instant> lastScrape,
                           Duration lastDuration, String lastError, int series, Duration interval) {

    /** Whether the last scrape worked: as Prometheus's targets page says it. */
    public enum Health { UNKNOWN, UP, DOWN }

    static ScrapeReport notYetScraped(ScrapeTarget target) {
        return new ScrapeReport(target.service(), target.shown(), Health.UNKNOWN, Optional.empty(), Duration.ZERO, "",
                0, target.interval());
    }
}
