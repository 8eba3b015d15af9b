package dev.vigil.promql;

import dev.vigil.metrics.Labels;
import dev.vigil.promql.Value.Element;
import dev.vigil.promql.Value.Vector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** histogram_quantile over classic histograms: cumulative buckets told apart by their {@code le} label. */
final class Histograms {

    private static final double SMALL_DELTA_TOLERANCE = 1e-12;

    private Histograms() {
    }

    private record Bucket(double upperBound, double count) {
    }

    static Vector quantile(double q, List<Element> in) {
        Map<Labels, List<Bucket>> groups = new LinkedHashMap<>();
        for (Element el : in) {
            String le = el.labels().value("le");
            if (le.isEmpty()) {
                continue;
            }
            double upper;
            try {
                upper = Numbers.parse(le, Position.START);
            } catch (ParseException e) {
                continue;
            }
            Labels key = LabelSets.without(el.labels(), List.of("le", Labels.METRIC_NAME));
            groups.computeIfAbsent(key, k -> new ArrayList<>()).add(new Bucket(upper, el.value()));
        }
        List<Element> out = new ArrayList<>();
        groups.forEach((labels, buckets) -> out.add(new Element(labels, bucketQuantile(q, buckets))));
        return new Vector(out);
    }

    static double bucketQuantile(double q, List<Bucket> unsorted) {
        if (Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        List<Bucket> sorted = new ArrayList<>(unsorted);
        sorted.sort(Comparator.comparingDouble(Bucket::upperBound));
        if (sorted.getLast().upperBound() != Double.POSITIVE_INFINITY) {
            return Double.NaN;
        }
        List<Bucket> buckets = coalesce(sorted);
        ensureMonotonic(buckets);
        if (buckets.size() < 2) {
            return Double.NaN;
        }
        double observations = buckets.getLast().count();
        if (observations == 0) {
            return Double.NaN;
        }
        double rank = q * observations;
        int b = buckets.size() - 1;
        for (int i = 0; i < buckets.size() - 1; i++) {
            if (buckets.get(i).count() >= rank) {
                b = i;
                break;
            }
        }
        if (b == buckets.size() - 1) {
            return buckets.get(buckets.size() - 2).upperBound();
        }
        if (b == 0 && buckets.getFirst().upperBound() <= 0) {
            return buckets.getFirst().upperBound();
        }
        double bucketStart = 0;
        double bucketEnd = buckets.get(b).upperBound();
        double count = buckets.get(b).count();
        if (b > 0) {
            bucketStart = buckets.get(b - 1).upperBound();
            count -= buckets.get(b - 1).count();
            rank -= buckets.get(b - 1).count();
        }
        return bucketStart + (bucketEnd - bucketStart) * (rank / count);
    }

    private static List<Bucket> coalesce(List<Bucket> sorted) {
        List<Bucket> out = new ArrayList<>();
        for (Bucket b : sorted) {
            if (!out.isEmpty() && out.getLast().upperBound() == b.upperBound()) {
                Bucket last = out.removeLast();
                out.add(new Bucket(b.upperBound(), last.count() + b.count()));
            } else {
                out.add(b);
            }
        }
        return out;
    }

    /** Counts that fall from one bucket to the next (or differ by rounding noise) are raised to the previous. */
    private static void ensureMonotonic(List<Bucket> buckets) {
        double previous = buckets.getFirst().count();
        for (int i = 1; i < buckets.size(); i++) {
            double current = buckets.get(i).count();
            if (current == previous) {
                continue;
            }
            if (Stats.almostEqual(previous, current, SMALL_DELTA_TOLERANCE) || current < previous) {
                buckets.set(i, new Bucket(buckets.get(i).upperBound(), previous));
                continue;
            }
            previous = current;
        }
    }
}
