package dev.vigil.scrape;

import dev.vigil.stack.Secrets;
import dev.vigil.stack.ServiceMetricsSpec;
import dev.vigil.stack.ServiceSpec;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One exposition Vigil scrapes: the service it belongs to (its {@code service} label), where, how often, how long a
 * scrape may take and how many series it may bring.
 */
public record ScrapeTarget(String service, URI url, Duration interval, Duration timeout, int maxSeries) {

    public ScrapeTarget {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(url, "url");
        if (interval.isNegative() || interval.isZero() || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("interval and timeout must be positive; got " + interval + ", " + timeout);
        }
        if (maxSeries < 1) {
            throw new IllegalArgumentException("maxSeries must be at least 1; got " + maxSeries);
        }
    }

    /** The service's target; empty when its {@code metrics:} names no {@code scrape:} URL. */
    public static Optional<ScrapeTarget> of(ServiceSpec service) {
        ServiceMetricsSpec m = service.metrics();
        return m.scrape().map(url -> new ScrapeTarget(service.name(), url, m.scrapeInterval(), m.scrapeTimeout(),
                m.maxSeries()));
    }

    /** The URL as events and the API show it: a password in it masked. */
    public String shown() {
        return Secrets.maskedUrl(url);
    }

    /** Never the password of a URL that carries one. */
    @Override
    public String toString() {
        return "ScrapeTarget[service=" + service + ", url=" + shown() + ", interval=" + interval + ", timeout="
                + timeout + ", maxSeries=" + maxSeries + "]";
    }
}
