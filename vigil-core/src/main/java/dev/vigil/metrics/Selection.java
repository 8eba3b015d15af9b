package dev.vigil.metrics;

import java.util.List;

/**
 * The series whose labels match every matcher, over {@code [startMs, endMs]} (both inclusive). As in
 * Prometheus, at least one matcher must not match the empty string, so a selection never means "every series".
 * At a rollup resolution, the aggregates whose bucket start lies in {@code [bucketStart(startMs), endMs]}.
 */
public record Selection(List<Matcher> matchers, long startMs, long endMs) {

    public Selection {
        matchers = List.copyOf(matchers);
        if (matchers.stream().allMatch(m -> m.matches(""))) {
            throw new IllegalArgumentException("a selection needs at least one matcher that does not match \"\" "
                    + "(e.g. __name__=\"up\"); got " + matchers);
        }
        if (endMs < startMs) {
            throw new IllegalArgumentException("the selection ends (" + endMs + ") before it starts (" + startMs + ")");
        }
    }

    public static Selection of(long startMs, long endMs, Matcher... matchers) {
        return new Selection(List.of(matchers), startMs, endMs);
    }

    public boolean matches(Labels labels) {
        for (Matcher m : matchers) {
            if (!m.matches(labels)) {
                return false;
            }
        }
        return true;
    }
}
