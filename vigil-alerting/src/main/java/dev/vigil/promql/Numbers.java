package dev.vigil.promql;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.Locale;

/** Number literals as PromQL reads them and values as Prometheus prints them. */
final class Numbers {

    private Numbers() {
    }

    static double parse(String text, Position at) {
        String t = text.toLowerCase(Locale.ROOT);
        String unsigned = t.startsWith("+") || t.startsWith("-") ? t.substring(1) : t;
        double sign = t.startsWith("-") ? -1 : 1;
        try {
            if (unsigned.equals("inf") || unsigned.equals("infinity")) {
                return sign * Double.POSITIVE_INFINITY;
            }
            if (unsigned.equals("nan")) {
                return Double.NaN;
            }
            if (unsigned.startsWith("0x")) {
                return sign * new BigInteger(unsigned.substring(2), 16).doubleValue();
            }
            if (unsigned.isEmpty() || !unsigned.matches("[0-9]*\\.?[0-9]*(e[+-]?[0-9]+)?") || unsigned.equals(".")) {
                throw new NumberFormatException(text);
            }
            return sign * Double.parseDouble(unsigned);
        } catch (NumberFormatException e) {
            throw new ParseException(at, "bad number syntax: \"" + text + "\"");
        }
    }

    /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}: the shortest exact decimal, no exponent. */
    static String plain(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return 1 / v < 0 ? "-0" : "0";
        }
        return new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }
}
