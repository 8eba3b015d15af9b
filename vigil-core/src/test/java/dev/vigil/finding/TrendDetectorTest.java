package dev.vigil.finding;

import dev.vigil.finding.TrendDetector.Point;
import dev.vigil.finding.TrendDetector.Trend;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.DoubleUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The trend detector on labelled synthetic traces of a service's memory, sampled every 5 seconds: linear leaks of
 * several slopes with noise, leaks under a garbage collector's sawtooth, and what must stay quiet — a flat sawtooth,
 * a step up after the start, a plateau, noise, a leak of the instance before a restart, growth too slow to matter.
 * Every quiet case is asserted one by one; over the leaks, recall and the error of the predicted crossing.
 */
class TrendDetectorTest {

    private static final double MB = 1024 * 1024;
    private static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");
    private static final Duration STEP = Duration.ofSeconds(5);
    private final TrendDetector detector = new TrendDetector(TrendDetector.Settings.DEFAULT);

    /** {@code minutes} of samples of {@code f(seconds since T0)}, every 5 s. */
    private static List<Point> trace(double minutes, DoubleUnaryOperator f) {
        List<Point> points = new ArrayList<>();
        for (long s = 0; s <= minutes * 60; s += STEP.toSeconds()) {
            points.add(new Point(T0.plusSeconds(s), f.applyAsDouble(s)));
        }
        return points;
    }

    private static double sawtooth(double seconds, double period, double amplitude) {
        return amplitude * ((seconds % period) / period);
    }

    /** How long after {@code from} the series, sampled on as before, first has a sample over {@code limit}. */
    private static Duration firstOver(DoubleUnaryOperator f, Instant from, double limit) {
        long start = Duration.between(T0, from).toSeconds();
        for (long s = start; ; s += STEP.toSeconds()) {
            if (f.applyAsDouble(s) > limit) {
                return Duration.ofSeconds(s - start);
            }
        }
    }

    private Optional<Trend> detect(List<Point> points, double limit) {
        return detector.detect(points, T0, limit);
    }

    // --- leaks: found, with the crossing predicted within 15 % of the time left ---

    @Test
    void linearLeaksOfSeveralSlopesWithNoiseAreFoundAndTheirCrossingPredicted() {
        Random random = new Random(42);
        int leaks = 0;
        int found = 0;
        List<String> missed = new ArrayList<>();
        List<Double> slopeErrors = new ArrayList<>();
        List<Double> timeErrors = new ArrayList<>();
        for (double mbPerMinute : new double[] {0.2, 0.5, 1, 2, 5, 20}) {
            for (int i = 0; i < 20; i++) {
                double base = (100 + random.nextInt(200)) * MB;
                double noise = random.nextDouble() * 2 * MB;
                double minutes = 12 + random.nextInt(18);
                double minutesLeft = 10 + random.nextInt(300);
                double slope = mbPerMinute * MB / 60;
                double limit = base + slope * (minutes * 60 + minutesLeft * 60);
                Random n = new Random(random.nextLong());
                DoubleUnaryOperator f = s -> base + slope * s + n.nextGaussian() * noise;
                List<Point> points = trace(minutes, f);
                leaks++;
                Optional<Trend> trend = detect(points, limit);
                if (trend.isEmpty()) {
                    missed.add(mbPerMinute + " MB/min, noise " + Math.round(noise / MB * 10) / 10.0 + " MB");
                    continue;
                }
                found++;
                Duration actual = firstOver(f, points.getLast().at(), limit);
                Duration predicted = trend.get().timeLeft(points.getLast().at());
                timeErrors.add(Math.abs(predicted.toSeconds() - actual.toSeconds()) / (actual.toSeconds() + 60.0));
                slopeErrors.add(Math.abs(trend.get().slopePerSecond() * 60 / MB - mbPerMinute) / mbPerMinute);
            }
        }
        double recall = (double) found / leaks;
        double[] slope = slopeErrors.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        double[] time = timeErrors.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf("trend detector: linear leaks with noise: recall %.3f (%d of %d); slope error median %.1f %%,"
                + " worst %.1f %%; time-left error median %.1f %%, p90 %.1f %%, worst %.1f %%; missed: %s%n", recall,
                found, leaks, 100 * slope[slope.length / 2], 100 * slope[slope.length - 1], 100 * time[time.length / 2],
                100 * time[time.length * 9 / 10], 100 * time[time.length - 1], missed);
        assertThat(recall).as("missed: %s", missed).isGreaterThanOrEqualTo(0.95);
        assertThat(slope[slope.length / 2]).isLessThan(0.05);
        assertThat(slope[slope.length - 1]).as("the slowest leak in the most noise").isLessThan(0.3);
        assertThat(time[time.length / 2]).isLessThan(0.1);
        assertThat(time[time.length * 9 / 10]).isLessThan(0.2);
    }

    @Test
    void aLeakUnderAGarbageCollectorsSawtoothIsFoundByItsRisingFloor() {
        Random random = new Random(7);
        int found = 0;
        for (int i = 0; i < 40; i++) {
            double slope = (0.5 + random.nextDouble() * 4) * MB / 60;
            double amplitude = (20 + random.nextInt(60)) * MB;
            double period = 30 + random.nextInt(150);
            double base = 200 * MB;
            double limit = base + amplitude + slope * (25 * 60 + 3600);
            List<Point> points = trace(25, s -> base + slope * s + sawtooth(s, period, amplitude));
            if (detect(points, limit).isPresent()) {
                found++;
            }
        }
        System.out.printf("trend detector: leaks under a sawtooth: recall %.3f (%d of 40)%n", found / 40.0, found);
        assertThat(found).isGreaterThanOrEqualTo(38);
    }

    @Test
    void aFastLeakIsReportedWithinHalfAMinuteWellBeforeItsLimit() {
        // 2 MB/s from 120 MB towards 400 MB: 140 s to go. Sampled every second.
        List<Point> points = new ArrayList<>();
        for (int s = 0; s <= 35; s++) {
            points.add(new Point(T0.plusSeconds(s), 120 * MB + 2 * MB * s));
        }

        Optional<Trend> trend = detect(points, 400 * MB);

        assertThat(trend).hasValueSatisfying(t -> {
            assertThat(t.timeLeft(points.getLast().at()).toSeconds()).isBetween(100L, 110L);
            assertThat(t.r2()).isGreaterThan(0.99);
        });
    }

    // --- what must stay quiet: every case asserted ---

    @Test
    void aFlatSawtoothIsNoLeak() {
        for (double period : new double[] {20, 45, 90, 180, 400}) {
            for (double amplitude : new double[] {10, 50, 150}) {
                List<Point> points = trace(30, s -> 300 * MB + sawtooth(s, period, amplitude * MB));
                assertThat(detect(points, 600 * MB)).as("period %s s, amplitude %s MB", period, amplitude).isEmpty();
            }
        }
    }

    @Test
    void aStepUpAfterTheStartThenAPlateauIsNoLeak() {
        Random random = new Random(3);
        for (int i = 0; i < 40; i++) {
            double warmMinutes = 1 + random.nextInt(9);
            double rampSeconds = 30 + random.nextInt(150);
            double jump = (50 + random.nextInt(300)) * MB;
            double noise = random.nextDouble() * 3 * MB;
            Random n = new Random(random.nextLong());
            DoubleUnaryOperator f = s -> 150 * MB + n.nextGaussian() * noise
                    + (s < warmMinutes * 60 ? 0 : Math.min(1, (s - warmMinutes * 60) / rampSeconds) * jump);
            List<Point> points = trace(30, f);
            assertThat(detect(points, 1024 * MB)).as("step of %s MB after %s min", jump / MB, warmMinutes).isEmpty();
        }
    }

    @Test
    void aPlateauAndNoiseAreNoLeak() {
        Random random = new Random(11);
        for (int i = 0; i < 40; i++) {
            double noise = (1 + random.nextInt(20)) * MB;
            Random n = new Random(random.nextLong());
            List<Point> points = trace(30, s -> 400 * MB + n.nextGaussian() * noise);
            assertThat(detect(points, 500 * MB)).as("noise %s MB", noise / MB).isEmpty();
        }
        assertThat(detect(trace(30, s -> 400 * MB), 500 * MB)).as("a flat line").isEmpty();
    }

    @Test
    void theLeakOfTheInstanceBeforeARestartIsNotThisInstances() {
        // Leaking 3 MB/min until a restart at minute 20 drops it back; the new instance has been flat since.
        List<Point> points = trace(40, s -> s < 20 * 60 ? 100 * MB + 3 * MB * s / 60 : 100 * MB);
        Instant restart = T0.plus(Duration.ofMinutes(20));

        assertThat(detector.detect(points, restart, 200 * MB)).isEmpty();
        assertThat(detector.detect(points.subList(0, 200), T0, 200 * MB)).as("before the restart it was a leak")
                .isPresent();
    }

    @Test
    void growthThatWouldTakeLongerThanTheHorizonIsNotReported() {
        // 0.1 MB/min with 2 GB to go: two weeks away.
        List<Point> points = trace(30, s -> 500 * MB + 0.1 * MB * s / 60);

        assertThat(detect(points, 2500 * MB)).isEmpty();
        assertThat(detect(points, 500 * MB + 0.1 * MB * 30 + 0.1 * MB * 60 * 12)).as("12 hours away")
                .isPresent();
    }

    @Test
    void tooLittleEvidenceSaysNothing() {
        List<Point> twentySeconds = new ArrayList<>();
        for (int s = 0; s <= 20; s++) {
            twentySeconds.add(new Point(T0.plusSeconds(s), 100 * MB + 5 * MB * s));
        }
        List<Point> fiveMinutesFarFromTheLimit = trace(5, s -> 100 * MB + MB * s / 60);

        assertThat(detect(twentySeconds, 250 * MB)).isEmpty();
        assertThat(detect(fiveMinutesFarFromTheLimit, 400 * MB)).as("not imminent, and under 10 minutes seen")
                .isEmpty();
        assertThat(detect(List.of(), 1)).isEmpty();
    }
}
