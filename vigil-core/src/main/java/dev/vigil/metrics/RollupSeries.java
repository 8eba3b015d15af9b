package dev.vigil.metrics;

import java.util.List;

/** A series and its aggregates at one resolution, oldest bucket first. */
public record RollupSeries(Labels labels, Resolution resolution, List<Aggregate> aggregates) {

    public RollupSeries {
        aggregates = List.copyOf(aggregates);
    }
}
