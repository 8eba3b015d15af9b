package dev.vigil.promql;

import java.util.Arrays;

/** Numeric helpers with Prometheus's exact behaviour: compensated sums, quantiles, regression, Go's pow. */
final class Stats {

    private Stats() {
    }

    /** Neumaier-compensated running sum: {@code [sum, compensation]}. */
    static void kahanInc(double inc, double[] acc) {
        double sum = acc[0];
        double t = sum + inc;
        if (Double.isInfinite(t)) {
            acc[1] = 0;
        } else if (Math.abs(sum) >= Math.abs(inc)) {
            acc[1] += (sum - t) + inc;
        } else {
            acc[1] += (inc - t) + sum;
        }
        acc[0] = t;
    }

    static double sum(double[] values) {
        double[] acc = new double[2];
        for (double v : values) {
            kahanInc(v, acc);
        }
        return acc[0] + acc[1];
    }

    /** The mean, falling back to an incremental mean when the plain sum overflows. */
    static double mean(double[] values) {
        double s = sum(values);
        if (Double.isInfinite(s) && Arrays.stream(values).noneMatch(Double::isInfinite)) {
            double mean = 0;
            for (int i = 0; i < values.length; i++) {
                mean += values[i] / (i + 1) - mean / (i + 1);
            }
            return mean;
        }
        return s / values.length;
    }

    /** Population variance with compensated running sums. */
    static double variance(double[] values) {
        double count = 0;
        double[] mean = new double[2];
        double[] aux = new double[2];
        for (double f : values) {
            count++;
            double delta = f - (mean[0] + mean[1]);
            kahanInc(delta / count, mean);
            kahanInc(delta * (f - (mean[0] + mean[1])), aux);
        }
        return (aux[0] + aux[1]) / count;
    }

    /** The φ-quantile with linear interpolation between the closest ranks; NaNs sort first. */
    static double quantile(double q, double[] values) {
        if (values.length == 0 || Double.isNaN(q)) {
            return Double.NaN;
        }
        if (q < 0) {
            return Double.NEGATIVE_INFINITY;
        }
        if (q > 1) {
            return Double.POSITIVE_INFINITY;
        }
        double[] sorted = values.clone();
        sortNaNFirst(sorted);
        double n = sorted.length;
        double rank = q * (n - 1);
        int lower = (int) Math.max(0, Math.floor(rank));
        int upper = (int) Math.min(n - 1, lower + 1);
        double weight = rank - Math.floor(rank);
        return sorted[lower] * (1 - weight) + sorted[upper] * weight;
    }

    private static void sortNaNFirst(double[] values) {
        Double[] boxed = Arrays.stream(values).boxed().toArray(Double[]::new);
        Arrays.sort(boxed, (a, b) -> {
            if (Double.isNaN(a)) {
                return Double.isNaN(b) ? 0 : -1;
            }
            if (Double.isNaN(b)) {
                return 1;
            }
            return Double.compare(a, b);
        });
        for (int i = 0; i < values.length; i++) {
            values[i] = boxed[i];
        }
    }

    /** Least-squares slope and intercept, x in seconds from {@code interceptMs}. */
    static double[] linearRegression(long[] times, double[] values, long interceptMs) {
        double n = 0;
        double[] sumX = new double[2];
        double[] sumY = new double[2];
        double[] sumXY = new double[2];
        double[] sumX2 = new double[2];
        double initY = values[0];
        boolean constY = true;
        for (int i = 0; i < values.length; i++) {
            if (constY && i > 0 && values[i] != initY) {
                constY = false;
            }
            n++;
            double x = (times[i] - interceptMs) / 1e3;
            kahanInc(x, sumX);
            kahanInc(values[i], sumY);
            kahanInc(x * values[i], sumXY);
            kahanInc(x * x, sumX2);
        }
        if (constY) {
            if (Double.isInfinite(initY)) {
                return new double[] {Double.NaN, Double.NaN};
            }
            return new double[] {0, initY};
        }
        double sx = sumX[0] + sumX[1];
        double sy = sumY[0] + sumY[1];
        double sxy = sumXY[0] + sumXY[1];
        double sx2 = sumX2[0] + sumX2[1];
        double covXY = sxy - sx * sy / n;
        double varX = sx2 - sx * sx / n;
        double slope = covXY / varX;
        double intercept = sy / n - slope * sx / n;
        return new double[] {slope, intercept};
    }

    /** Go's math.Pow, which differs from Java's for a base of 1 or -1 and infinite exponents. */
    static double pow(double x, double y) {
        if (x == 1 || y == 0) {
            return 1;
        }
        if (x == -1 && Double.isInfinite(y)) {
            return 1;
        }
        return Math.pow(x, y);
    }

    private static final double MIN_NORMAL = Double.longBitsToDouble(0x0010000000000000L);

    /** Equal within a relative epsilon; two NaNs are equal. */
    static boolean almostEqual(double a, double b, double epsilon) {
        if (Double.isNaN(a) && Double.isNaN(b)) {
            return true;
        }
        if (a == b) {
            return true;
        }
        double absSum = Math.abs(a) + Math.abs(b);
        double diff = Math.abs(a - b);
        if (a == 0 || b == 0 || absSum < MIN_NORMAL) {
            return diff < epsilon * MIN_NORMAL;
        }
        return diff / Math.min(absSum, Double.MAX_VALUE) < epsilon;
    }
}
