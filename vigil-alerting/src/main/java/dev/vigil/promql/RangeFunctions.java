package dev.vigil.promql;

import dev.vigil.metrics.Sample;
import dev.vigil.promql.Expr.Call;
import dev.vigil.promql.Expr.MatrixSelector;
import dev.vigil.promql.Expr.Subquery;
import dev.vigil.promql.Value.Element;
import dev.vigil.promql.Value.Matrix;
import dev.vigil.promql.Value.RangeSeries;
import dev.vigil.promql.Value.Vector;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;

/** The functions of a range vector: one value per series from its samples in the window, or none. */
final class RangeFunctions {

    private RangeFunctions() {
    }

    /** The window a range function looks at, to extrapolate to its edges. */
    record Range(long startMs, long endMs, long rangeMs) {
    }

    interface RangeFunction {
        OptionalDouble apply(List<Sample> samples, Range range);
    }

    static Vector overRange(Evaluation ev, Call c, long t, int matrixArg, RangeFunction f) {
        Expr arg = c.args().get(matrixArg);
        Range range = switch (Expr.unwrap(arg)) {
            case MatrixSelector ms -> new Range(t - ms.selector().offsetMs() - ms.rangeMs(),
                    t - ms.selector().offsetMs(), ms.rangeMs());
            case Subquery sq -> new Range(t - sq.offsetMs() - sq.rangeMs(), t - sq.offsetMs(), sq.rangeMs());
            default -> throw new IllegalStateException("a range function's argument is " + arg);
        };
        boolean keepName = c.function() == Function.LAST_OVER_TIME;
        List<Element> out = new ArrayList<>();
        for (RangeSeries s : ((Matrix) ev.eval(arg, t)).series()) {
            OptionalDouble v = f.apply(s.points(), range);
            if (v.isPresent()) {
                out.add(new Element(keepName ? s.labels() : LabelSets.dropName(s.labels()), v.getAsDouble()));
            }
        }
        LabelSets.requireUnique(out);
        return new Vector(out);
    }

    static Vector overValues(Evaluation ev, Call c, long t, ToDoubleFunction<double[]> f) {
        return overRange(ev, c, t, 0, (s, r) -> s.isEmpty() ? OptionalDouble.empty()
                : OptionalDouble.of(f.applyAsDouble(values(s))));
    }

    static double[] values(List<Sample> samples) {
        double[] v = new double[samples.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = samples.get(i).value();
        }
        return v;
    }

    static double min(double[] values) {
        double min = values[0];
        for (double v : values) {
            if (v < min || Double.isNaN(min)) {
                min = v;
            }
        }
        return min;
    }

    static double max(double[] values) {
        double max = values[0];
        for (double v : values) {
            if (v > max || Double.isNaN(max)) {
                max = v;
            }
        }
        return max;
    }

    interface PairTest {
        boolean test(double previous, double current);
    }

    static double count(List<Sample> samples, PairTest test) {
        int n = 0;
        for (int i = 1; i < samples.size(); i++) {
            if (test.test(samples.get(i - 1).value(), samples.get(i).value())) {
                n++;
            }
        }
        return n;
    }

    /**
     * rate, increase and delta: the change over the samples, corrected for counter resets, extrapolated to the
     * window's edges when the samples come close enough to them, and not below zero for a counter.
     */
    static OptionalDouble extrapolatedRate(List<Sample> samples, Range range, boolean counter, boolean perSecond) {
        if (samples.size() < 2) {
            return OptionalDouble.empty();
        }
        Sample first = samples.getFirst();
        Sample last = samples.getLast();
        double result = last.value() - first.value();
        if (counter) {
            double previous = first.value();
            for (int i = 1; i < samples.size(); i++) {
                double current = samples.get(i).value();
                if (current < previous) {
                    result += previous;
                }
                previous = current;
            }
        }
        double durationToStart = (first.timestampMs() - range.startMs()) / 1000.0;
        double durationToEnd = (range.endMs() - last.timestampMs()) / 1000.0;
        double sampledInterval = (last.timestampMs() - first.timestampMs()) / 1000.0;
        double averageBetweenSamples = sampledInterval / (samples.size() - 1);
        double threshold = averageBetweenSamples * 1.1;
        if (durationToStart >= threshold) {
            durationToStart = averageBetweenSamples / 2;
        }
        if (counter && result > 0 && first.value() >= 0) {
            double durationToZero = sampledInterval * (first.value() / result);
            if (durationToZero < durationToStart) {
                durationToStart = durationToZero;
            }
        }
        if (durationToEnd >= threshold) {
            durationToEnd = averageBetweenSamples / 2;
        }
        double factor = (sampledInterval + durationToStart + durationToEnd) / sampledInterval;
        if (perSecond) {
            factor /= range.rangeMs() / 1000.0;
        }
        return OptionalDouble.of(result * factor);
    }

    /** irate and idelta: from the last two samples only. */
    static OptionalDouble instant(List<Sample> samples, boolean perSecond) {
        if (samples.size() < 2) {
            return OptionalDouble.empty();
        }
        Sample last = samples.getLast();
        Sample previous = samples.get(samples.size() - 2);
        double result = perSecond && last.value() < previous.value() ? last.value()
                : last.value() - previous.value();
        long interval = last.timestampMs() - previous.timestampMs();
        if (interval == 0) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(perSecond ? result / (interval / 1000.0) : result);
    }

    private static long[] times(List<Sample> samples) {
        long[] t = new long[samples.size()];
        for (int i = 0; i < t.length; i++) {
            t[i] = samples.get(i).timestampMs();
        }
        return t;
    }

    static OptionalDouble deriv(List<Sample> samples) {
        if (samples.size() < 2) {
            return OptionalDouble.empty();
        }
        return OptionalDouble.of(Stats.linearRegression(times(samples), values(samples),
                samples.getFirst().timestampMs())[0]);
    }

    static OptionalDouble predictLinear(List<Sample> samples, long t, double seconds) {
        if (samples.size() < 2) {
            return OptionalDouble.empty();
        }
        double[] fit = Stats.linearRegression(times(samples), values(samples), t);
        return OptionalDouble.of(fit[0] * seconds + fit[1]);
    }
}
