package dev.vigil.metrics;

import java.util.List;

/** A series and its samples in a selected range, oldest first. */
public record Series(Labels labels, List<Sample> samples) {

    public Series {
        samples = List.copyOf(samples);
    }
}
