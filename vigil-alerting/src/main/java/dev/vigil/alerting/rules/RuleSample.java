package dev.vigil.alerting.rules;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** One element of the instant vector a rule's expression gave: its labels (with {@code __name__} if any) and value. */
public record RuleSample(SortedMap<String, String> labels, double value) {

    public RuleSample {
        labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
    }

    public static RuleSample of(Map<String, String> labels, double value) {
        return new RuleSample(new TreeMap<>(labels), value);
    }
}
