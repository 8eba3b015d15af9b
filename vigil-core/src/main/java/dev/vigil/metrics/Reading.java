package dev.vigil.metrics;

/** One series' value in a batch appended at one collection time. */
public record Reading(Labels labels, double value) {
}
