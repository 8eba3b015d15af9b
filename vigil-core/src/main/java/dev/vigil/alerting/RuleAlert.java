package dev.vigil.alerting;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;

/**
 * One alert of an alerting rule as of its last evaluation.
 *
 * @param activeAt when its condition first held (in this run of it)
 * @param firedAt when it turned firing
 * @param resolvedAt when its condition stopped holding, for an inactive alert
 * @param keepFiringSince when its condition stopped holding while {@code keep_firing_for} keeps it firing
 */
public record RuleAlert(SortedMap<String, String> labels, Map<String, String> annotations, AlertState state,
                        double value, Instant activeAt, Optional<Instant> firedAt, Optional<Instant> resolvedAt,
                        Optional<Instant> keepFiringSince) {

    public RuleAlert {
        labels = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(labels));
        annotations = Map.copyOf(annotations);
    }
}
