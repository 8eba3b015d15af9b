package dev.vigil.metrics;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/** What every store's queries share: matching series, decoding chunks within a range, aggregating samples. */
public final class Selections {

    private Selections() {
    }

    /** The labels among {@code all} that every matcher matches, sorted. */
    public static List<Labels> matching(Collection<Labels> all, List<Matcher> matchers) {
        List<Labels> found = new ArrayList<>();
        outer:
        for (Labels labels : all) {
            for (Matcher m : matchers) {
                if (!m.matches(labels)) {
                    continue outer;
                }
            }
            found.add(labels);
        }
        found.sort(null);
        return found;
    }

    /** The metric name every match must have ({@code __name__="x"} among the matchers), if one is given. */
    public static java.util.Optional<String> metricName(List<Matcher> matchers) {
        for (Matcher m : matchers) {
            if (m.name().equals(Labels.METRIC_NAME) && m.op() == Matcher.Op.EQ) {
                return java.util.Optional.of(m.value());
            }
        }
        return java.util.Optional.empty();
    }

    /** The matching series, sorted, refused when more than the limits allow. */
    public static List<Labels> matching(Collection<Labels> all, Selection selection, QueryLimits limits) {
        List<Labels> found = matching(all, selection.matchers());
        limits.checkSeries(found.size());
        return found;
    }

    public static List<String> labelNames(Collection<Labels> all) {
        TreeSet<String> names = new TreeSet<>();
        for (Labels labels : all) {
            for (int i = 0; i < labels.size(); i++) {
                names.add(labels.name(i));
            }
        }
        return List.copyOf(names);
    }

    public static List<String> labelValues(Collection<Labels> all, String name) {
        TreeSet<String> values = new TreeSet<>();
        for (Labels labels : all) {
            labels.find(name).ifPresent(values::add);
        }
        return List.copyOf(values);
    }

    /** Adds the chunk's samples within {@code [fromMs, toMs]} to {@code into}. */
    public static void decode(byte[] chunk, long fromMs, long toMs, List<Sample> into) {
        XorChunk.Reader reader = XorChunk.reader(chunk);
        while (reader.next()) {
            long t = reader.time();
            if (t > toMs) {
                return;
            }
            if (t >= fromMs) {
                into.add(new Sample(t, reader.value(0)));
            }
        }
    }

    /** Aggregates samples (oldest first) at {@code resolution}; at RAW, one aggregate per sample. */
    public static List<Aggregate> aggregate(List<Sample> samples, Resolution resolution) {
        List<Aggregate> out = new ArrayList<>();
        if (resolution == Resolution.RAW) {
            for (Sample s : samples) {
                double v = s.value();
                out.add(new Aggregate(s.timestampMs(), v, v, v, 1, v));
            }
            return out;
        }
        Aggregator aggregator = new Aggregator(resolution, out::add);
        for (Sample s : samples) {
            aggregator.add(s.timestampMs(), s.value());
        }
        aggregator.flush();
        return out;
    }

    /** Counts points against the limit as a query gathers them. */
    public static final class PointBudget {
        private final QueryLimits limits;
        private long points;

        public PointBudget(QueryLimits limits) {
            this.limits = limits;
        }

        public void spend(long n) {
            points += n;
            limits.checkPoints(points);
        }
    }
}
