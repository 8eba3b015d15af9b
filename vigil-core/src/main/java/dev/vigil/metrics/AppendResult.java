package dev.vigil.metrics;

/**
 * What happened to a batch: samples stored, and those not stored. Older than the series' newest sample:
 * rejected as out of order. At the newest sample's time with the same value (bit for bit): a duplicate,
 * ignored. At that time with another value: rejected as a conflict.
 */
public record AppendResult(int appended, int outOfOrder, int duplicates, int conflicts) {

    public static final AppendResult NONE = new AppendResult(0, 0, 0, 0);

    public int rejected() {
        return outOfOrder + conflicts;
    }

    public AppendResult plus(AppendResult o) {
        return new AppendResult(appended + o.appended, outOfOrder + o.outOfOrder, duplicates + o.duplicates,
                conflicts + o.conflicts);
    }
}
