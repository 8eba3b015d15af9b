package dev.vigil.promql;

import dev.vigil.metrics.InMemoryMetricStore;
import dev.vigil.metrics.Labels;
import dev.vigil.metrics.MetricStore;
import dev.vigil.metrics.Reading;
import dev.vigil.metrics.Sample;
import dev.vigil.promql.Value.Matrix;
import dev.vigil.promql.Value.RangeSeries;
import dev.vigil.promql.Value.Scalar;
import dev.vigil.promql.Value.Str;
import dev.vigil.promql.Value.Vector;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Prometheus's .test script format: {@code load <step>} with series in expanding notation
 * ({@code 0+10x5 _ stale 1x3}), {@code clear}, {@code eval instant at <time> <expr>},
 * {@code eval range from <t> to <t> step <d> <expr>}, {@code eval_fail} (with an optional
 * {@code expected_fail_message} or {@code expected_fail_regexp} line) and {@code eval_ordered}, each eval followed
 * by the expected series, one a line. The newer {@code expect ordered}, {@code expect fail [msg:|regex:]} and
 * {@code expect string} lines are understood too; {@code expect info} and {@code expect warn} are not checked.
 */
final class PromqlScript {

    private static final double EPSILON = 0.000001;
    private static final Pattern EVAL = Pattern.compile(
            "^(eval|eval_fail|eval_ordered)\\s+instant\\s+at\\s+(\\S+)\\s+(.+)$");
    private static final Pattern EVAL_RANGE = Pattern.compile(
            "^(eval|eval_fail)\\s+range\\s+from\\s+(\\S+)\\s+to\\s+(\\S+)\\s+step\\s+(\\S+)\\s+(.+)$");
    private static final Pattern LOAD = Pattern.compile("^load\\s+(\\S+)$");

    /** One eval command: where it is, what to run, what must come out. */
    record Eval(int line, String query, long startMs, long endMs, long stepMs, boolean range, boolean fail,
            boolean ordered, List<Expected> expected, Optional<String> failMessage, Optional<Pattern> failRegexp,
            List<Load> loads) {
    }

    /** One expected result line: labels (absent for a scalar or string) and values (one for an instant query). */
    record Expected(Optional<Labels> labels, List<Optional<Double>> values, Optional<String> string) {
    }

    record Load(long stepMs, Map<Labels, List<Optional<Double>>> series) {
    }

    private final List<Eval> evals = new ArrayList<>();
    private final Map<List<Load>, MetricStore> stores = new IdentityHashMap<>();

    private PromqlScript() {
    }

    static PromqlScript parse(String text) {
        PromqlScript script = new PromqlScript();
        String[] lines = text.split("\n", -1);
        List<Load> loads = List.of();
        int i = 0;
        while (i < lines.length) {
            String line = lines[i].strip();
            int number = i + 1;
            i++;
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.equals("clear")) {
                loads = List.of();
                continue;
            }
            Matcher load = LOAD.matcher(line);
            if (load.matches()) {
                long step = Durations.parse(load.group(1), Position.START);
                Map<Labels, List<Optional<Double>>> series = new LinkedHashMap<>();
                while (i < lines.length && isIndented(lines[i])) {
                    String[] desc = splitSeries(lines[i].strip(), i + 1);
                    series.put(Parser.seriesLabels(desc[0]), expand(desc[1], i + 1));
                    i++;
                }
                List<Load> next = new ArrayList<>(loads);
                next.add(new Load(step, series));
                loads = List.copyOf(next);
                continue;
            }
            Matcher instant = EVAL.matcher(line);
            Matcher range = EVAL_RANGE.matcher(line);
            boolean isInstant = instant.matches();
            if (!isInstant && !range.matches()) {
                throw new IllegalArgumentException("line " + number + ": not a command: " + line);
            }
            Matcher m = isInstant ? instant : range;
            String kind = m.group(1);
            List<Expected> expected = new ArrayList<>();
            Optional<String> failMessage = Optional.empty();
            Optional<Pattern> failRegexp = Optional.empty();
            boolean fail = kind.equals("eval_fail");
            boolean ordered = kind.equals("eval_ordered");
            while (i < lines.length && isIndented(lines[i])) {
                String body = lines[i].strip();
                if (body.equals("expect ordered")) {
                    ordered = true;
                } else if (body.startsWith("expect fail")) {
                    fail = true;
                    String rest = body.substring("expect fail".length()).strip();
                    if (rest.startsWith("msg:")) {
                        failMessage = Optional.of(rest.substring(4).strip());
                    } else if (rest.startsWith("regex:")) {
                        failRegexp = Optional.of(Pattern.compile(rest.substring(6).strip()));
                    }
                } else if (body.startsWith("expect string ")) {
                    expected.add(expectedLine(body.substring("expect string ".length()).strip(), i + 1));
                } else if (body.startsWith("expect ")) {
                    // Annotations (info, warn) and result-type expectations are not checked.
                    i++;
                    continue;
                } else if (body.startsWith("expected_fail_message ")) {
                    failMessage = Optional.of(body.substring("expected_fail_message ".length()).strip());
                } else if (body.startsWith("expected_fail_regexp ")) {
                    failRegexp = Optional.of(Pattern.compile(body.substring("expected_fail_regexp ".length())
                            .strip()));
                } else if (!body.startsWith("#")) {
                    expected.add(expectedLine(body, i + 1));
                }
                i++;
            }
            long start = time(m.group(2));
            long end = isInstant ? start : time(m.group(3));
            long step = isInstant ? 0 : Durations.parse(m.group(4), Position.START);
            String query = m.group(isInstant ? 3 : 5);
            script.evals.add(new Eval(number, query, start, end, step, !isInstant, fail, ordered, expected,
                    failMessage, failRegexp, loads));
        }
        return script;
    }

    List<Eval> evals() {
        return evals;
    }

    private static boolean isIndented(String line) {
        return !line.isEmpty() && Character.isWhitespace(line.charAt(0)) && !line.isBlank();
    }

    private static long time(String text) {
        if (text.matches("-?[0-9]+")) {
            return Long.parseLong(text) * 1000;
        }
        if (text.startsWith("-")) {
            return -Durations.parse(text.substring(1), Position.START);
        }
        return Durations.parse(text, Position.START);
    }

    private static Expected expectedLine(String body, int line) {
        if (body.startsWith("\"")) {
            return new Expected(Optional.empty(), List.of(), Optional.of(body.substring(1, body.length() - 1)));
        }
        char c = body.charAt(0);
        if (Character.isDigit(c) || c == '-' || c == '+' || c == '.' || body.matches("(?i)[+-]?(nan|inf)(\\s.*)?")) {
            return new Expected(Optional.empty(), expand(body, line), Optional.empty());
        }
        String[] desc = splitSeries(body, line);
        return new Expected(Optional.of(Parser.seriesLabels(desc[0])), expand(desc[1], line), Optional.empty());
    }

    /** Splits {@code name{labels} values} after the closing brace (or the name), honouring quotes. */
    private static String[] splitSeries(String text, int line) {
        int i = 0;
        while (i < text.length() && (Lexer.isIdentPart(text.charAt(i)))) {
            i++;
        }
        if (i < text.length() && text.charAt(i) == '{') {
            char quote = 0;
            for (; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quote != 0) {
                    if (c == '\\') {
                        i++;
                    } else if (c == quote) {
                        quote = 0;
                    }
                } else if (c == '"' || c == '\'' || c == '`') {
                    quote = c;
                } else if (c == '}') {
                    i++;
                    break;
                }
            }
        }
        if (i == 0) {
            throw new IllegalArgumentException("line " + line + ": not a series: " + text);
        }
        return new String[] {text.substring(0, i), text.substring(i).strip()};
    }

    private static final Pattern ITEM = Pattern.compile(
            "^([+-]?(?:[0-9]*\\.?[0-9]+(?:[eE][+-]?[0-9]+)?|Inf|inf|NaN|nan))"
                    + "(?:(?:([+-])([0-9]*\\.?[0-9]+(?:[eE][+-]?[0-9]+)?|Inf|inf))?x([0-9]+))?$");

    /** The expanding notation: {@code a+bxn} is n+1 values, {@code _xn} n gaps, {@code stale} a staleness marker. */
    static List<Optional<Double>> expand(String values, int line) {
        List<Optional<Double>> out = new ArrayList<>();
        if (values.isBlank()) {
            return out;
        }
        for (String item : values.strip().split("\\s+")) {
            if (item.equals("_")) {
                out.add(Optional.empty());
            } else if (item.startsWith("_x")) {
                int n = Integer.parseInt(item.substring(2));
                for (int k = 0; k < n; k++) {
                    out.add(Optional.empty());
                }
            } else if (item.equals("stale")) {
                out.add(Optional.of(Sample.STALE_NAN));
            } else {
                Matcher m = ITEM.matcher(item);
                if (!m.matches()) {
                    throw new IllegalArgumentException("line " + line + ": not a value: " + item);
                }
                double v = Numbers.parse(m.group(1), Position.START);
                if (m.group(4) == null) {
                    out.add(Optional.of(v));
                    continue;
                }
                double inc = m.group(3) == null ? 0 : Numbers.parse(m.group(3), Position.START);
                if ("-".equals(m.group(2))) {
                    inc = -inc;
                }
                int n = Integer.parseInt(m.group(4));
                for (int k = 0; k <= n; k++) {
                    out.add(Optional.of(v));
                    v += inc;
                }
            }
        }
        return out;
    }

    private MetricStore store(List<Load> loads) {
        return stores.computeIfAbsent(loads, l -> {
            TreeMap<Long, List<Reading>> byTime = new TreeMap<>();
            for (Load load : l) {
                load.series().forEach((labels, values) -> {
                    for (int k = 0; k < values.size(); k++) {
                        int index = k;
                        values.get(k).ifPresent(v -> byTime.computeIfAbsent(index * load.stepMs(),
                                t -> new ArrayList<>()).add(new Reading(labels, v)));
                    }
                });
            }
            MetricStore store = new InMemoryMetricStore();
            byTime.forEach(store::append);
            return store;
        });
    }

    /** Runs one eval; an AssertionError says what differed. */
    void run(Eval eval) {
        Engine engine = new Engine(store(eval.loads()));
        Value result;
        try {
            Expr expr = Promql.parse(eval.query());
            result = eval.range() ? engine.range(expr, eval.startMs(), eval.endMs(), eval.stepMs())
                    : engine.instant(expr, eval.startMs());
        } catch (PromqlException e) {
            if (!eval.fail()) {
                throw new AssertionError("unexpected error: " + e.getMessage(), e);
            }
            String message = e instanceof ParseException p ? p.reason() : e.getMessage();
            eval.failMessage().ifPresent(expected -> {
                if (!message.equals(expected) && !e.getMessage().equals(expected)) {
                    throw new AssertionError("expected error \"" + expected + "\", got \"" + e.getMessage() + "\"");
                }
            });
            eval.failRegexp().ifPresent(re -> {
                if (!re.matcher(e.getMessage()).find()) {
                    throw new AssertionError("expected an error matching " + re + ", got \"" + e.getMessage() + "\"");
                }
            });
            return;
        }
        if (eval.fail()) {
            throw new AssertionError("expected an error, got " + describe(result));
        }
        compare(eval, result);
    }

    private static void compare(Eval eval, Value result) {
        switch (result) {
            case Scalar s -> {
                if (eval.expected().size() != 1 || eval.expected().getFirst().labels().isPresent()
                        || !same(eval.expected().getFirst().values().getFirst().orElseThrow(), s.value())) {
                    throw new AssertionError("expected " + eval.expected() + ", got scalar " + s.value());
                }
            }
            case Str s -> {
                if (eval.expected().size() != 1 || !eval.expected().getFirst().string().equals(Optional.of(
                        s.value()))) {
                    throw new AssertionError("expected " + eval.expected() + ", got string " + s.value());
                }
            }
            case Vector v -> compareVector(eval, v);
            case Matrix m -> compareMatrix(eval, m);
        }
    }

    private static void compareVector(Eval eval, Vector v) {
        if (eval.expected().size() != v.elements().size()) {
            throw new AssertionError("expected " + eval.expected().size() + " series, got " + v.elements().size()
                    + ": " + describe(v));
        }
        Map<Labels, Integer> position = new HashMap<>();
        for (int k = 0; k < v.elements().size(); k++) {
            position.put(v.elements().get(k).labels(), k);
        }
        for (int k = 0; k < eval.expected().size(); k++) {
            Expected e = eval.expected().get(k);
            Labels labels = e.labels().orElseThrow(() -> new AssertionError("expected a scalar, got a vector "
                    + describe(v)));
            Integer at = position.get(labels);
            if (at == null) {
                throw new AssertionError("expected series " + labels + " missing from " + describe(v));
            }
            if (eval.ordered() && at != k) {
                throw new AssertionError("expected " + labels + " at position " + k + ", got it at " + at + " in "
                        + describe(v));
            }
            double actual = v.elements().get(at).value();
            if (e.values().size() != 1 || !same(e.values().getFirst().orElseThrow(), actual)) {
                throw new AssertionError("series " + labels + ": expected " + e.values() + ", got " + actual);
            }
        }
    }

    private static void compareMatrix(Eval eval, Matrix m) {
        Map<Labels, RangeSeries> actual = new HashMap<>();
        m.series().forEach(s -> actual.put(s.labels(), s));
        if (eval.expected().size() != m.series().size()) {
            throw new AssertionError("expected " + eval.expected().size() + " series, got " + m.series().size()
                    + ": " + describe(m));
        }
        for (Expected e : eval.expected()) {
            Labels labels = e.labels().orElse(Labels.of());
            RangeSeries s = actual.get(labels);
            if (s == null) {
                throw new AssertionError("expected series " + labels + " missing from " + describe(m));
            }
            List<Sample> want = new ArrayList<>();
            for (int k = 0; k < e.values().size(); k++) {
                long t = eval.range() ? eval.startMs() + k * eval.stepMs() : -1;
                long time = t;
                e.values().get(k).ifPresent(v -> want.add(new Sample(time, v)));
            }
            boolean ok = want.size() == s.points().size();
            for (int k = 0; ok && k < want.size(); k++) {
                ok = (!eval.range() || want.get(k).timestampMs() == s.points().get(k).timestampMs())
                        && same(want.get(k).value(), s.points().get(k).value());
            }
            if (!ok) {
                throw new AssertionError("series " + labels + ": expected " + want + ", got " + s.points());
            }
        }
    }

    private static boolean same(double expected, double actual) {
        if (Sample.isStaleMarker(expected) || Sample.isStaleMarker(actual)) {
            return Sample.isStaleMarker(expected) == Sample.isStaleMarker(actual);
        }
        return Stats.almostEqual(expected, actual, EPSILON);
    }

    static String describe(Value v) {
        return switch (v) {
            case Scalar s -> "scalar " + s.value();
            case Str s -> "string \"" + s.value() + "\"";
            case Vector vec -> vec.elements().stream().map(e -> e.labels() + " " + e.value()).toList().toString();
            case Matrix m -> m.series().stream().map(s -> s.labels() + " " + s.points()).toList().toString();
        };
    }
}
