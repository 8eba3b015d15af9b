package dev.vigil.cli;

import dev.vigil.stack.Durations;
import dev.vigil.stack.Sizes;

import java.math.BigDecimal;
import java.math.MathContext;
import java.time.Duration;
import java.util.Locale;

/** Numbers as the metric views print them: short, with the unit a series' name implies. */
final class Quantities {

    private Quantities() {
    }

    /** A value from the API's JSON: a number in a string, or NaN, +Inf, -Inf as Prometheus writes them. */
    static double parse(String text) {
        return switch (text) {
            case "NaN" -> Double.NaN;
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** A value of the named series (a rate of it when {@code perSecond}): bytes as sizes, the rest as numbers. */
    static String of(String metric, double v, boolean perSecond) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
        }
        boolean bytes = metric.endsWith("_bytes") || metric.endsWith("_bytes_total");
        String shown = bytes ? (v < 0 ? "-" + Sizes.format(Math.round(-v)) : Sizes.format(Math.round(v))) : number(v);
        return perSecond ? shown + "/s" : shown;
    }

    /** Three significant digits, thousands as k, M, G, T: {@code 0.253}, {@code 12.5}, {@code 812}, {@code 1.23M}. */
    static String number(double v) {
        if (!Double.isFinite(v)) {
            return Double.isNaN(v) ? "NaN" : v > 0 ? "+Inf" : "-Inf";
        }
        double a = Math.abs(v);
        if (a >= 1000) {
            String[] units = {"k", "M", "G", "T", "P"};
            int u = -1;
            while (a >= 1000 && u < units.length - 1) {
                a /= 1000;
                u++;
            }
            return (v < 0 ? "-" : "") + significant(a) + units[u];
        }
        return (v < 0 ? "-" : "") + significant(a);
    }

    private static String significant(double a) {
        if (a == 0) {
            return "0";
        }
        return new BigDecimal(a).round(new MathContext(3)).stripTrailingZeros().toPlainString();
    }

    /** A percentage with one decimal: {@code 29.3%}. */
    static String percent(double p) {
        return String.format(Locale.ROOT, "%.1f%%", p);
    }

    /** A duration cut to whole minutes past ten minutes, whole seconds below: {@code 41m}, {@code 5h3m}, {@code 45s}. */
    static String about(Duration d) {
        long s = Math.max(0, d.toSeconds());
        return Durations.format(Duration.ofSeconds(s >= 600 ? s / 60 * 60 : s));
    }
}
