package dev.vigil.alerting.template;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Numbers and values printed as Go's {@code fmt} prints them, since alert templates written for Prometheus expect
 * its output: {@code %v} of a float is its shortest form, in exponent form from 1e+06 ({@code 1e+06},
 * {@code 1.234567e+06}, {@code 0.97}); {@code %.4g} is four significant digits, trailing zeros dropped.
 */
public final class GoFormat {

    private GoFormat() {
    }

    /** {@code %v}: what {@code {{ $value }}} prints. */
    public static String value(Object v) {
        if (v == null) {
            return "<no value>";
        }
        if (v instanceof Double d) {
            return shortest(d);
        }
        if (v instanceof Float f) {
            return shortest(f.doubleValue());
        }
        if (v instanceof Map<?, ?> m) {
            StringBuilder out = new StringBuilder("map[");
            boolean first = true;
            for (Map.Entry<?, ?> e : new java.util.TreeMap<>(m).entrySet()) {
                out.append(first ? "" : " ").append(value(e.getKey())).append(':').append(value(e.getValue()));
                first = false;
            }
            return out.append(']').toString();
        }
        if (v instanceof List<?> l) {
            StringBuilder out = new StringBuilder("[");
            for (int i = 0; i < l.size(); i++) {
                out.append(i == 0 ? "" : " ").append(value(l.get(i)));
            }
            return out.append(']').toString();
        }
        return v.toString();
    }

    /** Go's {@code strconv.FormatFloat(v, 'g', -1, 64)}, which {@code %v} uses. */
    public static String shortest(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return (1 / v < 0) ? "-0" : "0";
        }
        BigDecimal exact = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
        return (v < 0 ? "-" : "") + general(exact, 6, exact.precision());
    }

    /** {@code %.<precision>g}. */
    public static String g(double v, int precision) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        int p = precision == 0 ? 1 : precision;
        if (v == 0) {
            return (1 / v < 0) ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(Math.abs(v)).round(new MathContext(p, RoundingMode.HALF_EVEN)).stripTrailingZeros();
        return (v < 0 ? "-" : "") + general(rounded, p, rounded.precision());
    }

    /** {@code %.<precision>f}. */
    public static String f(double v, int precision) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return new BigDecimal(v).setScale(precision, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** {@code %.<precision>e}. */
    public static String e(double v, int precision) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        if (v == 0) {
            return "0" + (precision > 0 ? "." + "0".repeat(precision) : "") + "e+00";
        }
        BigDecimal r = new BigDecimal(Math.abs(v)).round(new MathContext(precision + 1, RoundingMode.HALF_EVEN));
        String digits = r.unscaledValue().toString();
        digits = (digits + "0".repeat(precision + 1)).substring(0, precision + 1);
        int exp = r.precision() - r.scale() - 1;
        return (v < 0 ? "-" : "") + mantissa(digits) + exponent(exp);
    }

    // Digits of a positive number, in plain form when -4 <= exponent < threshold, else d.ddde±XX.
    private static String general(BigDecimal positive, int threshold, int digitsCount) {
        int exp = positive.precision() - positive.scale() - 1;
        if (exp < -4 || exp >= threshold) {
            String digits = positive.unscaledValue().toString();
            return mantissa(digits) + exponent(exp);
        }
        return positive.toPlainString();
    }

    private static String mantissa(String digits) {
        return digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
    }

    private static String exponent(int exp) {
        return "e" + (exp < 0 ? "-" : "+") + String.format(Locale.ROOT, "%02d", Math.abs(exp));
    }

    /**
     * Go's {@code fmt.Sprintf} for the verbs alert templates use: {@code %s %v %d %f %g %e %q %x %t %%}, with
     * precision ({@code %.2f}) and width ({@code %5d}, {@code %-5s}).
     */
    public static String sprintf(String format, List<Object> args) {
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (int i = 0; i < format.length(); i++) {
            char c = format.charAt(i);
            if (c != '%') {
                out.append(c);
                continue;
            }
            int j = i + 1;
            boolean left = false;
            boolean zero = false;
            boolean plus = false;
            while (j < format.length() && "-0+ #".indexOf(format.charAt(j)) >= 0) {
                left |= format.charAt(j) == '-';
                zero |= format.charAt(j) == '0';
                plus |= format.charAt(j) == '+';
                j++;
            }
            int width = -1;
            int start = j;
            while (j < format.length() && Character.isDigit(format.charAt(j))) {
                j++;
            }
            if (j > start) {
                width = Integer.parseInt(format.substring(start, j));
            }
            int precision = -1;
            if (j < format.length() && format.charAt(j) == '.') {
                j++;
                start = j;
                while (j < format.length() && Character.isDigit(format.charAt(j))) {
                    j++;
                }
                precision = j > start ? Integer.parseInt(format.substring(start, j)) : 0;
            }
            if (j >= format.length()) {
                out.append("%!(NOVERB)");
                break;
            }
            char verb = format.charAt(j);
            i = j;
            if (verb == '%') {
                out.append('%');
                continue;
            }
            if (next >= args.size()) {
                out.append("%!").append(verb).append("(MISSING)");
                continue;
            }
            Object arg = args.get(next++);
            String text = verb(verb, arg, precision, plus);
            out.append(pad(text, width, left, zero && !left && arg instanceof Number));
        }
        if (next < args.size()) {
            out.append("%!(EXTRA ");
            for (int k = next; k < args.size(); k++) {
                Object a = args.get(k);
                out.append(k > next ? ", " : "").append(goType(a)).append('=').append(value(a));
            }
            out.append(')');
        }
        return out.toString();
    }

    private static String verb(char verb, Object arg, int precision, boolean plus) {
        String sign = "";
        switch (verb) {
            case 'v', 's' -> {
                String s = value(arg);
                return precision >= 0 && verb == 's' && s.length() > precision ? s.substring(0, precision) : s;
            }
            case 'q' -> {
                return quote(value(arg));
            }
            case 't' -> {
                return arg instanceof Boolean ? arg.toString() : bad(verb, arg);
            }
            case 'd' -> {
                if (arg instanceof Long || arg instanceof Integer) {
                    long l = ((Number) arg).longValue();
                    return (plus && l >= 0 ? "+" : "") + l;
                }
                return bad(verb, arg);
            }
            case 'x', 'X' -> {
                String s;
                if (arg instanceof Long || arg instanceof Integer) {
                    s = Long.toHexString(((Number) arg).longValue());
                } else if (arg instanceof String str) {
                    StringBuilder b = new StringBuilder();
                    for (byte by : str.getBytes(java.nio.charset.StandardCharsets.UTF_8)) {
                        b.append(String.format("%02x", by & 0xff));
                    }
                    s = b.toString();
                } else {
                    return bad(verb, arg);
                }
                return verb == 'X' ? s.toUpperCase(Locale.ROOT) : s;
            }
            case 'f', 'F', 'g', 'G', 'e', 'E' -> {
                if (!(arg instanceof Number n)) {
                    return bad(verb, arg);
                }
                double d = n.doubleValue();
                if (plus && d >= 0) {
                    sign = "+";
                }
                String s = switch (verb) {
                    case 'f', 'F' -> f(d, precision < 0 ? 6 : precision);
                    case 'e', 'E' -> e(d, precision < 0 ? 6 : precision);
                    default -> precision < 0 ? shortest(d) : g(d, precision);
                };
                return sign + (Character.isUpperCase(verb) ? s.toUpperCase(Locale.ROOT) : s);
            }
            default -> {
                return "%!" + verb + "(" + goType(arg) + "=" + value(arg) + ")";
            }
        }
    }

    private static String bad(char verb, Object arg) {
        return "%!" + verb + "(" + goType(arg) + "=" + value(arg) + ")";
    }

    static String goType(Object arg) {
        if (arg instanceof String) {
            return "string";
        }
        if (arg instanceof Double) {
            return "float64";
        }
        if (arg instanceof Long || arg instanceof Integer) {
            return "int";
        }
        if (arg instanceof Boolean) {
            return "bool";
        }
        if (arg instanceof Map) {
            return "map[string]string";
        }
        return arg == null ? "<nil>" : "value";
    }

    /** Go's {@code %q}: double-quoted with Go escapes. */
    public static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    private static String pad(String s, int width, boolean left, boolean zero) {
        if (width <= s.length()) {
            return s;
        }
        String fill = (zero ? "0" : " ").repeat(width - s.length());
        if (left) {
            return s + fill;
        }
        if (zero && (s.startsWith("-") || s.startsWith("+"))) {
            return s.charAt(0) + fill + s.substring(1);
        }
        return fill + s;
    }
}
