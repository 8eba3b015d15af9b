package dev.vigil.finding;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Finds a resource that grows steadily towards its limit — a memory leak, a disk filling up — and says when it
 * will reach it, before it does. It looks at one series over a sliding window and answers only when all of these
 * hold, so that what merely looks like growth stays quiet:
 *
 * <ol>
 *   <li>enough data: at least {@link Settings#minSpan()} of samples since the instance started (what came before a
 *       restart is another instance's) — or, for a crossing so near that waiting would be too late (within
 *       {@link Settings#urgent()}), at least {@link Settings#shortSpan()};</li>
 *   <li>the floor rises: the window is cut into {@link Settings#buckets()} buckets and the low end of each (its
 *       10th percentile: the minimum without the noise of a single extreme sample) is kept. A garbage collector's
 *       sawtooth drops back to its floor, so a flat sawtooth has a flat floor, and a leak under a collector raises
 *       it;</li>
 *   <li>the rise is a line: the floors' Theil–Sen slope (the median of the slopes between every two of them, so a
 *       few odd buckets do not tilt it) is positive, the least-squares fit of the floors explains at least
 *       {@link Settings#minR2()} of their variance, and the first and the second half of the window each rise at
 *       a rate of the same order. A step up after a start (caches warming) followed by a plateau rises in its
 *       first half only;</li>
 *   <li>it matters: at that slope the limit is reached within {@link Settings#horizon()}.</li>
 * </ol>
 *
 * Pure computation on the samples it is given; the caller keeps the window and the clock.
 */
public final class TrendDetector {

    /**
     * @param window how far back to look
     * @param minSpan how much of the window must be covered before a crossing within the horizon is reported
     * @param shortSpan how much must be covered before an urgent crossing is reported
     * @param urgent a crossing this soon is reported after {@code shortSpan}, not waiting for {@code minSpan}
     * @param buckets how many floors the window is cut into
     * @param minR2 how well a line must fit the floors
     * @param horizon how soon the crossing must be to matter
     */
    public record Settings(Duration window, Duration minSpan, Duration shortSpan, Duration urgent, int buckets,
                           double minR2, Duration horizon) {

        /**
         * For memory and file descriptors: 30 minutes looked at, 10 seen for a crossing within 24 hours, 30 seconds
         * for one within 10 minutes.
         */
        public static final Settings DEFAULT = new Settings(Duration.ofMinutes(30), Duration.ofMinutes(10),
                Duration.ofSeconds(30), Duration.ofMinutes(10), 12, 0.8, Duration.ofHours(24));

        public Settings {
            if (buckets < 4) {
                throw new IllegalArgumentException("at least 4 buckets, got " + buckets);
            }
            if (shortSpan.compareTo(minSpan) > 0 || minSpan.compareTo(window) > 0) {
                throw new IllegalArgumentException("expected shortSpan <= minSpan <= window, got " + shortSpan + ", "
                        + minSpan + ", " + window);
            }
        }
    }

    /** One sample: when, and the value. */
    public record Point(Instant at, double value) {
    }

    /**
     * A steady rise towards a limit.
     *
     * @param slopePerSecond the floors' rise, in the series' unit per second
     * @param r2 how well a line fits the floors (1 is a perfect line)
     * @param span the time the evidence covers
     * @param now the fitted value at the last sample: the rising floor plus the band above it that nine in ten
     *            samples stay under
     * @param reachesAt when that band reaches the limit: about when the first samples cross it
     */
    public record Trend(double slopePerSecond, double r2, Duration span, double now, double limit, Instant reachesAt) {

        /** How long from {@code at} until the limit is reached (zero once it has been). */
        public Duration timeLeft(Instant at) {
            Duration left = Duration.between(at, reachesAt);
            return left.isNegative() ? Duration.ZERO : left;
        }
    }

    private final Settings settings;

    public TrendDetector(Settings settings) {
        this.settings = settings;
    }

    public Settings settings() {
        return settings;
    }

    /**
     * Looks at {@code points} (in time order) from {@code since} (the instance's start) up to the last one.
     *
     * @param limit the value the resource must stay under
     */
    public Optional<Trend> detect(List<Point> points, Instant since, double limit) {
        if (points.isEmpty()) {
            return Optional.empty();
        }
        Instant end = points.getLast().at();
        Instant from = max(since, end.minus(settings.window()));
        List<Point> seen = points.stream().filter(p -> !p.at().isBefore(from) && !Double.isNaN(p.value())
                && !Double.isInfinite(p.value())).toList();
        if (seen.size() < 2 * settings.buckets()) {
            return Optional.empty();
        }
        Instant first = seen.getFirst().at();
        Duration span = Duration.between(first, end);
        if (span.compareTo(settings.shortSpan()) < 0) {
            return Optional.empty();
        }
        double[][] floors = floors(seen, first, span);
        if (floors[0].length < settings.buckets() * 3 / 4) {
            return Optional.empty(); // gaps: too little evidence
        }
        double slope = theilSen(floors[0], floors[1]);
        if (!(slope > 0)) {
            return Optional.empty();
        }
        double r2 = r2(floors[0], floors[1]);
        if (r2 < settings.minR2() || !steady(floors[0], floors[1])) {
            return Optional.empty();
        }
        double endSecond = seconds(first, end);
        double intercept = median(intercepts(floors[0], floors[1], slope));
        // The samples reach above the floor (noise, a sawtooth's teeth): the limit is crossed when the band most of
        // them stay under does, not when the floor does.
        double[] above = seen.stream().mapToDouble(p -> p.value() - intercept - slope * seconds(first, p.at()))
                .sorted().toArray();
        double band = Math.max(0, above[(int) Math.floor(0.9 * (above.length - 1))]);
        double now = intercept + slope * endSecond + band;
        double secondsLeft = (limit - now) / slope;
        boolean longEnough = span.compareTo(settings.minSpan()) >= 0;
        double within = (longEnough ? settings.horizon() : settings.urgent()).toSeconds();
        if (secondsLeft > within) {
            return Optional.empty();
        }
        Instant reaches = end.plusMillis(Math.round(Math.max(0, secondsLeft) * 1000));
        return Optional.of(new Trend(slope, r2, span, now, limit, reaches));
    }

    /**
     * The low end (10th percentile) of each bucket, at the mean time of its samples: {times in seconds from the
     * first sample, values}. Buckets without samples are left out.
     */
    private double[][] floors(List<Point> seen, Instant first, Duration span) {
        int n = settings.buckets();
        double width = Math.max(1e-9, seconds(first, first.plus(span)) / n);
        List<List<Point>> buckets = new ArrayList<>();
        for (int b = 0; b < n; b++) {
            buckets.add(new ArrayList<>());
        }
        for (Point p : seen) {
            buckets.get((int) Math.min(n - 1, Math.floor(seconds(first, p.at()) / width))).add(p);
        }
        List<double[]> kept = new ArrayList<>();
        for (List<Point> bucket : buckets) {
            if (bucket.isEmpty()) {
                continue;
            }
            double[] values = bucket.stream().mapToDouble(Point::value).sorted().toArray();
            double time = bucket.stream().mapToDouble(p -> seconds(first, p.at())).average().orElseThrow();
            kept.add(new double[] {time, values[(int) Math.floor(0.1 * (values.length - 1))]});
        }
        double[] t = new double[kept.size()];
        double[] v = new double[kept.size()];
        for (int i = 0; i < kept.size(); i++) {
            t[i] = kept.get(i)[0];
            v[i] = kept.get(i)[1];
        }
        return new double[][] {t, v};
    }

    /**
     * Both halves rise, at rates within a factor of four of each other: a line, not a step followed by a plateau
     * (or a plateau followed by a step, which is a change, not a trend yet).
     */
    private static boolean steady(double[] t, double[] v) {
        int half = t.length / 2;
        double early = theilSen(Arrays.copyOfRange(t, 0, half), Arrays.copyOfRange(v, 0, half));
        double late = theilSen(Arrays.copyOfRange(t, t.length - half, t.length),
                Arrays.copyOfRange(v, v.length - half, v.length));
        return early > 0 && late > 0 && early / late < 4 && late / early < 4;
    }

    static double theilSen(double[] t, double[] v) {
        List<Double> slopes = new ArrayList<>();
        for (int i = 0; i < t.length; i++) {
            for (int j = i + 1; j < t.length; j++) {
                if (t[j] != t[i]) {
                    slopes.add((v[j] - v[i]) / (t[j] - t[i]));
                }
            }
        }
        return slopes.isEmpty() ? 0 : median(slopes.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static double[] intercepts(double[] t, double[] v, double slope) {
        double[] out = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            out[i] = v[i] - slope * t[i];
        }
        return out;
    }

    /** The share of the floors' variance a least-squares line explains. */
    static double r2(double[] t, double[] v) {
        int n = t.length;
        double mt = Arrays.stream(t).average().orElse(0);
        double mv = Arrays.stream(v).average().orElse(0);
        double stv = 0;
        double stt = 0;
        double svv = 0;
        for (int i = 0; i < n; i++) {
            stv += (t[i] - mt) * (v[i] - mv);
            stt += (t[i] - mt) * (t[i] - mt);
            svv += (v[i] - mv) * (v[i] - mv);
        }
        if (stt == 0 || svv == 0) {
            return 0;
        }
        return stv * stv / (stt * svv);
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2;
    }

    private static double seconds(Instant from, Instant to) {
        return Duration.between(from, to).toNanos() / 1e9;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
