package dev.vigil.alerting.route;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * An alert as routing sees it, whatever raised it (a rule, an event, a Prometheus posting to the intake): its
 * labels are its identity; it fires from {@code startsAt} until {@code endsAt}, when it has one.
 */
public record Alert(SortedMap<String, String> labels, Map<String, String> annotations, Instant startsAt,
                    Optional<Instant> endsAt, String generatorUrl) {

    public Alert {
        labels = java.util.Collections.unmodifiableSortedMap(new TreeMap<>(labels));
        annotations = Map.copyOf(annotations);
        Objects.requireNonNull(startsAt, "startsAt");
        Objects.requireNonNull(endsAt, "endsAt");
        Objects.requireNonNull(generatorUrl, "generatorUrl");
    }

    /** A firing alert with only labels. */
    public static Alert firing(Map<String, String> labels, Instant startsAt) {
        return new Alert(new TreeMap<>(labels), Map.of(), startsAt, Optional.empty(), "");
    }

    /** The same alert, resolved at {@code at}. */
    public Alert resolvedAt(Instant at) {
        return new Alert(labels, annotations, startsAt, Optional.of(at), generatorUrl);
    }

    public boolean resolved(Instant now) {
        return endsAt.isPresent() && !endsAt.get().isAfter(now);
    }

    /**
     * Alertmanager's fingerprint of the label set (64-bit FNV-1a over each name and value, sorted by name, each
     * followed by the byte 0xff), as 16 hex digits: the same alert has the same fingerprint in both.
     */
    public String fingerprint() {
        long hash = 0xcbf29ce484222325L;
        for (Map.Entry<String, String> e : labels.entrySet()) {
            hash = fnv(hash, e.getKey());
            hash = (hash ^ 0xff) * 0x100000001b3L;
            hash = fnv(hash, e.getValue());
            hash = (hash ^ 0xff) * 0x100000001b3L;
        }
        return String.format("%016x", hash);
    }

    private static long fnv(long hash, String text) {
        for (byte b : text.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return hash;
    }
}
