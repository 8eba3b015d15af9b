package dev.vigil.scrape;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * One sample of an exposition: the metric's name, its labels (sorted by name), the value, and the time the target
 * gave it, if it gave one (milliseconds since the epoch).
 */
public record ScrapedSample(String name, Map<String, String> labels, double value, OptionalLong timestampMillis) {

    public ScrapedSample {
        Objects.requireNonNull(name, "name");
        labels = Collections.unmodifiableMap(new TreeMap<>(labels));
        Objects.requireNonNull(timestampMillis, "timestampMillis");
    }

    /** The sample with one label more (or replaced), such as {@code service}. */
    public ScrapedSample withLabel(String label, String labelValue) {
        TreeMap<String, String> more = new TreeMap<>(labels);
        more.put(label, labelValue);
        return new ScrapedSample(name, more, value, timestampMillis);
    }

    /** Two samples are one series when name and labels are equal. */
    public String seriesKey() {
        return name + labels;
    }
}
