package dev.vigil.scrape;

import dev.vigil.collect.MetricNames;
import dev.vigil.metrics.Labels;

/**
 * The series Vigil writes about each scrape of a target, as Prometheus does: {@code up}, {@code
 * scrape_duration_seconds} and {@code scrape_samples_scraped}, labelled with the target's service. A target that
 * exposes a series of the same name and labels does not get it stored: these say how the scrape went.
 */
record ScrapeSeries(Labels up, Labels duration, Labels samples) {

    static ScrapeSeries of(String service) {
        return new ScrapeSeries(Labels.metric(MetricNames.SCRAPE_UP, MetricNames.SERVICE, service),
                Labels.metric(MetricNames.SCRAPE_DURATION, MetricNames.SERVICE, service),
                Labels.metric(MetricNames.SCRAPE_SAMPLES, MetricNames.SERVICE, service));
    }

    boolean reserves(Labels labels) {
        return labels.equals(up) || labels.equals(duration) || labels.equals(samples);
    }
}
