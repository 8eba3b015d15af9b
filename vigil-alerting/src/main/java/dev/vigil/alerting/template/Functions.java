package dev.vigil.alerting.template;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The functions of alert templates: Go's built-ins ({@code and or not len index print printf println eq ne lt le gt
 * ge html js urlquery}) and Prometheus's ({@code humanize humanize1024 humanizeDuration humanizePercentage
 * humanizeTimestamp toUpper toLower title stripPort stripDomain match reReplaceAll safeHtml args first label value
 * strvalue sortByLabel toTime parseDuration query}), with their output.
 */
public final class Functions {

    /** Runs a PromQL query for {@code query}: each element a map with {@code Labels} and {@code Value}. */
    @FunctionalInterface
    public interface Query {
        List<Map<String, Object>> run(String expr) throws TemplateException;

        Query NONE = expr -> {
            throw new TemplateException("queries are not available here");
        };
    }

    private Functions() {
    }

    public static Map<String, Template.Function> prometheus(Query query) {
        Map<String, Template.Function> f = new HashMap<>();
        f.put("and", args -> {
            atLeast(args, 1, "and");
            for (Object a : args) {
                if (!Template.truth(a)) {
                    return a;
                }
            }
            return args.get(args.size() - 1);
        });
        f.put("or", args -> {
            atLeast(args, 1, "or");
            for (Object a : args) {
                if (Template.truth(a)) {
                    return a;
                }
            }
            return args.get(args.size() - 1);
        });
        f.put("not", args -> !Template.truth(one(args, "not")));
        f.put("len", args -> {
            Object v = one(args, "len");
            if (v instanceof String s) {
                return (long) s.getBytes(StandardCharsets.UTF_8).length;
            }
            if (v instanceof Map<?, ?> m) {
                return (long) m.size();
            }
            if (v instanceof Collection<?> c) {
                return (long) c.size();
            }
            throw new TemplateException("len of " + GoFormat.goType(v));
        });
        f.put("index", args -> {
            atLeast(args, 1, "index");
            Object v = args.get(0);
            for (Object key : args.subList(1, args.size())) {
                if (v instanceof Map<?, ?> m) {
                    v = m.get(String.valueOf(key));
                } else if (v instanceof List<?> l && key instanceof Long i) {
                    if (i < 0 || i >= l.size()) {
                        throw new TemplateException("index out of range: " + i);
                    }
                    v = l.get(i.intValue());
                } else {
                    throw new TemplateException("can't index item of type " + GoFormat.goType(v));
                }
            }
            return v;
        });
        f.put("print", args -> goPrint(args, false));
        f.put("println", args -> goPrint(args, true) + "\n");
        f.put("printf", args -> {
            atLeast(args, 1, "printf");
            return GoFormat.sprintf(string(args.get(0)), args.subList(1, args.size()));
        });
        f.put("eq", args -> {
            atLeast(args, 2, "eq");
            for (Object other : args.subList(1, args.size())) {
                if (compare(args.get(0), other, "eq") == 0) {
                    return true;
                }
            }
            return false;
        });
        f.put("ne", args -> compare(two(args, "ne")[0], two(args, "ne")[1], "ne") != 0);
        f.put("lt", args -> ordered(args, "lt", c -> c < 0));
        f.put("le", args -> ordered(args, "le", c -> c <= 0));
        f.put("gt", args -> ordered(args, "gt", c -> c > 0));
        f.put("ge", args -> ordered(args, "ge", c -> c >= 0));
        f.put("html", args -> html(goPrint(args, false)));
        f.put("js", args -> goPrint(args, false).replace("\\", "\\\\").replace("'", "\\'").replace("\"", "\\\"")
                .replace("<", "\\u003C").replace(">", "\\u003E").replace("\n", "\\n"));
        f.put("urlquery", args -> URLEncoder.encode(goPrint(args, false), StandardCharsets.UTF_8));

        f.put("humanize", args -> humanize(toFloat(one(args, "humanize"))));
        f.put("humanize1024", args -> humanize1024(toFloat(one(args, "humanize1024"))));
        f.put("humanizeDuration", args -> humanizeDuration(toFloat(one(args, "humanizeDuration"))));
        f.put("humanizePercentage", args -> GoFormat.g(toFloat(one(args, "humanizePercentage")) * 100, 4) + "%");
        f.put("humanizeTimestamp", args -> humanizeTimestamp(toFloat(one(args, "humanizeTimestamp"))));
        f.put("toUpper", args -> string(one(args, "toUpper")).toUpperCase(Locale.ROOT));
        f.put("toLower", args -> string(one(args, "toLower")).toLowerCase(Locale.ROOT));
        f.put("title", args -> title(string(one(args, "title"))));
        f.put("stripPort", args -> stripPort(string(one(args, "stripPort"))));
        f.put("stripDomain", args -> stripDomain(string(one(args, "stripDomain"))));
        f.put("match", args -> {
            Object[] a = two(args, "match");
            return regex(string(a[0])).matcher(string(a[1])).find();
        });
        f.put("reReplaceAll", args -> {
            if (args.size() != 3) {
                throw new TemplateException("reReplaceAll takes 3 arguments, got " + args.size());
            }
            return regex(string(args.get(0))).matcher(string(args.get(2)))
                    .replaceAll(goReplacement(string(args.get(1))));
        });
        f.put("safeHtml", args -> string(one(args, "safeHtml")));
        f.put("args", args -> {
            Map<String, Object> out = new HashMap<>();
            for (int i = 0; i < args.size(); i++) {
                out.put("arg" + i, args.get(i));
            }
            return out;
        });
        f.put("query", args -> new ArrayList<Object>(query.run(string(one(args, "query")))));
        f.put("first", args -> {
            Object v = one(args, "first");
            if (v instanceof List<?> l && !l.isEmpty()) {
                return l.get(0);
            }
            throw new TemplateException("first() called on vector with no elements");
        });
        f.put("label", args -> {
            Object[] a = two(args, "label");
            if (a[1] instanceof Map<?, ?> sample && sample.get("Labels") instanceof Map<?, ?> labels) {
                Object v = labels.get(string(a[0]));
                return v == null ? "" : v;
            }
            throw new TemplateException("label needs a query result element");
        });
        f.put("value", args -> {
            if (one(args, "value") instanceof Map<?, ?> sample && sample.containsKey("Value")) {
                return sample.get("Value");
            }
            throw new TemplateException("value needs a query result element");
        });
        f.put("strvalue", args -> {
            if (one(args, "strvalue") instanceof Map<?, ?> sample && sample.get("Labels") instanceof Map<?, ?> labels) {
                Object v = labels.get("__value__");
                return v == null ? "" : v;
            }
            throw new TemplateException("strvalue needs a query result element");
        });
        f.put("sortByLabel", args -> {
            Object[] a = two(args, "sortByLabel");
            if (!(a[1] instanceof List<?> l)) {
                throw new TemplateException("sortByLabel needs a query result");
            }
            List<Object> sorted = new ArrayList<>(l);
            String name = string(a[0]);
            sorted.sort((x, y) -> labelOf(x, name).compareTo(labelOf(y, name)));
            return sorted;
        });
        f.put("toTime", args -> {
            double v = toFloat(one(args, "toTime"));
            if (Double.isNaN(v) || Double.isInfinite(v)) {
                throw new TemplateException("cannot convert " + GoFormat.shortest(v) + " to time");
            }
            return goTime(v);
        });
        f.put("parseDuration", args -> {
            String text = string(one(args, "parseDuration"));
            return dev.vigil.stack.Durations.parse(text).map(d -> d.toNanos() / 1e9)
                    .orElseThrow(() -> new TemplateException("not a duration: \"" + text + "\""));
        });
        return f;
    }

    /** Prometheus's {@code humanize}: SI prefixes, 4 significant digits. */
    public static String humanize(double v) {
        if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
            return GoFormat.g(v, 4);
        }
        String prefix = "";
        if (Math.abs(v) >= 1) {
            for (String p : new String[] {"k", "M", "G", "T", "P", "E", "Z", "Y"}) {
                if (Math.abs(v) < 1000) {
                    break;
                }
                prefix = p;
                v /= 1000;
            }
            return GoFormat.g(v, 4) + prefix;
        }
        for (String p : new String[] {"m", "u", "n", "p", "f", "a", "z", "y"}) {
            if (Math.abs(v) >= 1) {
                break;
            }
            prefix = p;
            v *= 1000;
        }
        return GoFormat.g(v, 4) + prefix;
    }

    /** Prometheus's {@code humanize1024}: binary prefixes from 1024 up. */
    public static String humanize1024(double v) {
        if (Math.abs(v) <= 1 || Double.isNaN(v) || Double.isInfinite(v)) {
            return GoFormat.g(v, 4);
        }
        String prefix = "";
        for (String p : new String[] {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"}) {
            if (Math.abs(v) < 1024) {
                break;
            }
            prefix = p;
            v /= 1024;
        }
        return GoFormat.g(v, 4) + prefix;
    }

    /** Prometheus's {@code humanizeDuration}: {@code 1d 2h 3m 4s}, or seconds with 4 digits under a minute. */
    public static String humanizeDuration(double v) {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return GoFormat.g(v, 4);
        }
        if (v == 0) {
            return GoFormat.g(v, 4) + "s";
        }
        if (Math.abs(v) >= 1) {
            String sign = "";
            if (v < 0) {
                sign = "-";
                v = -v;
            }
            long duration = (long) v;
            long seconds = duration % 60;
            long minutes = (duration / 60) % 60;
            long hours = (duration / 60 / 60) % 24;
            long days = duration / 60 / 60 / 24;
            if (days != 0) {
                return sign + days + "d " + hours + "h " + minutes + "m " + seconds + "s";
            }
            if (hours != 0) {
                return sign + hours + "h " + minutes + "m " + seconds + "s";
            }
            if (minutes != 0) {
                return sign + minutes + "m " + seconds + "s";
            }
            return sign + GoFormat.g(v, 4) + "s";
        }
        String prefix = "";
        for (String p : new String[] {"m", "u", "n", "p", "f", "a", "z", "y"}) {
            if (Math.abs(v) >= 1) {
                break;
            }
            prefix = p;
            v *= 1000;
        }
        return GoFormat.g(v, 4) + prefix + "s";
    }

    /** Prometheus's {@code humanizeTimestamp}: Go's rendering of the UTC time, {@code 2026-12-01 10:00:00 +0000 UTC}. */
    public static String humanizeTimestamp(double v) throws TemplateException {
        if (Double.isNaN(v) || Double.isInfinite(v)) {
            return GoFormat.g(v, 4);
        }
        return goTime(v);
    }

    /** As Prometheus: the float's nanoseconds truncated to whole milliseconds, printed as Go prints a UTC time. */
    private static String goTime(double seconds) throws TemplateException {
        double nanos = seconds * 1e9;
        if (nanos > Long.MAX_VALUE || nanos < Long.MIN_VALUE) {
            throw new TemplateException(GoFormat.shortest(seconds)
                    + " cannot be represented as a nanoseconds timestamp since it overflows int64");
        }
        Instant t = Instant.ofEpochMilli(((long) nanos) / 1_000_000);
        String base = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneOffset.UTC).format(t);
        String fraction = "";
        if (t.getNano() != 0) {
            fraction = String.format(Locale.ROOT, ".%09d", t.getNano()).replaceAll("0+$", "");
        }
        return base + fraction + " +0000 UTC";
    }

    private static String title(String s) {
        StringBuilder out = new StringBuilder();
        boolean start = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(start ? Character.toTitleCase(c) : c);
            start = !Character.isLetterOrDigit(c) && c != '_';
        }
        return out.toString();
    }

    private static String stripPort(String hostPort) {
        if (hostPort.startsWith("[")) {
            int close = hostPort.indexOf(']');
            if (close > 0 && (close == hostPort.length() - 1 || hostPort.charAt(close + 1) == ':')) {
                return hostPort.substring(1, close);
            }
            return hostPort;
        }
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || hostPort.indexOf(':') != colon) {
            return hostPort; // no port, or an IPv6 address without brackets
        }
        return hostPort.substring(0, colon);
    }

    private static String stripDomain(String hostPort) {
        String host = hostPort;
        String port = "";
        int colon = hostPort.lastIndexOf(':');
        if (colon >= 0 && hostPort.indexOf(':') == colon) {
            host = hostPort.substring(0, colon);
            port = hostPort.substring(colon);
        } else if (colon >= 0) {
            return hostPort; // IPv6
        }
        if (host.matches("\\d+\\.\\d+\\.\\d+\\.\\d+")) {
            return hostPort;
        }
        int dot = host.indexOf('.');
        return (dot < 0 ? host : host.substring(0, dot)) + port;
    }

    private static Pattern regex(String re) throws TemplateException {
        try {
            return Pattern.compile(re);
        } catch (PatternSyntaxException e) {
            throw new TemplateException("invalid regular expression \"" + re + "\": " + e.getDescription());
        }
    }

    /** Go's {@code $1}, {@code ${name}} in a replacement, Java's escaping of everything else. */
    private static String goReplacement(String repl) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < repl.length(); i++) {
            char c = repl.charAt(i);
            if (c == '$' && i + 1 < repl.length() && (Character.isDigit(repl.charAt(i + 1)) || repl.charAt(i + 1) == '{')) {
                int end = i + 1;
                if (repl.charAt(end) == '{') {
                    int close = repl.indexOf('}', end);
                    if (close < 0) {
                        out.append("\\$");
                        continue;
                    }
                    String name = repl.substring(end + 1, close);
                    out.append(name.matches("\\d+") ? "$" + name : "${" + name + "}");
                    i = close;
                    continue;
                }
                while (end < repl.length() && Character.isDigit(repl.charAt(end))) {
                    end++;
                }
                out.append('$').append(repl, i + 1, end);
                i = end - 1;
            } else if (c == '$' || c == '\\') {
                out.append('\\').append(c);
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String labelOf(Object sample, String name) {
        if (sample instanceof Map<?, ?> m && m.get("Labels") instanceof Map<?, ?> labels) {
            Object v = labels.get(name);
            return v == null ? "" : v.toString();
        }
        return "";
    }

    private static String html(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&#34;")
                .replace("'", "&#39;").replace("\u0000", "\uFFFD");
    }

    private static String goPrint(List<Object> args, boolean spaces) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < args.size(); i++) {
            boolean bothNonStrings = i > 0 && !(args.get(i) instanceof String) && !(args.get(i - 1) instanceof String);
            if (i > 0 && (spaces || bothNonStrings)) {
                out.append(' ');
            }
            out.append(Template.print(args.get(i)));
        }
        return out.toString();
    }

    /** A comparison with NaN: no order holds, and the values are not equal. */
    private static final int UNORDERED = Integer.MIN_VALUE;

    private static boolean ordered(List<Object> args, String fn, java.util.function.IntPredicate holds)
            throws TemplateException {
        Object[] a = two(args, fn);
        int c = compare(a[0], a[1], fn);
        return c != UNORDERED && holds.test(c);
    }

    /** Go's comparison of basic values: numbers of one kind, strings, booleans; anything else is an error. */
    private static int compare(Object a, Object b, String fn) throws TemplateException {
        if (a instanceof Long x && b instanceof Long y) {
            return Long.compare(x, y);
        }
        if (a instanceof Double x && b instanceof Double y) {
            double dx = x;
            double dy = y;
            return dx == dy ? 0 : dx < dy ? -1 : dx > dy ? 1 : UNORDERED;
        }
        if (a instanceof String x && b instanceof String y) {
            return x.compareTo(y);
        }
        if (a instanceof Boolean x && b instanceof Boolean y && (fn.equals("eq") || fn.equals("ne"))) {
            return x.equals(y) ? 0 : 1;
        }
        if (a == null || b == null || Template.isNoValue(a) || Template.isNoValue(b)) {
            if (fn.equals("eq") || fn.equals("ne")) {
                return Objects.equals(a, b) ? 0 : 1;
            }
            throw new TemplateException("invalid type for comparison");
        }
        throw new TemplateException("incompatible types for comparison: " + GoFormat.goType(a) + " and "
                + GoFormat.goType(b) + (a instanceof Number && b instanceof Number ? " (write 80.0, not 80, to compare"
                + " with a float such as $value)" : ""));
    }

    /** Prometheus's conversion of a function's argument to a float: numbers, and strings that parse as one. */
    static double toFloat(Object v) throws TemplateException {
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        if (v instanceof String s) {
            try {
                return switch (s.strip()) {
                    case "+Inf", "Inf", "inf", "+inf" -> Double.POSITIVE_INFINITY;
                    case "-Inf", "-inf" -> Double.NEGATIVE_INFINITY;
                    case "NaN", "nan" -> Double.NaN;
                    default -> Double.parseDouble(s.strip());
                };
            } catch (NumberFormatException e) {
                throw new TemplateException("strconv.ParseFloat: parsing \"" + s + "\": invalid syntax");
            }
        }
        throw new TemplateException("can't convert " + GoFormat.goType(v) + " to float");
    }

    private static String string(Object v) {
        return Template.print(v);
    }

    private static Object one(List<Object> args, String fn) throws TemplateException {
        if (args.size() != 1) {
            throw new TemplateException("wrong number of args for " + fn + ": want 1 got " + args.size());
        }
        return args.get(0);
    }

    private static Object[] two(List<Object> args, String fn) throws TemplateException {
        if (args.size() != 2) {
            throw new TemplateException("wrong number of args for " + fn + ": want 2 got " + args.size());
        }
        return new Object[] {args.get(0), args.get(1)};
    }

    private static void atLeast(List<Object> args, int n, String fn) throws TemplateException {
        if (args.size() < n) {
            throw new TemplateException("wrong number of args for " + fn + ": want at least " + n + " got " + args.size());
        }
    }
}
