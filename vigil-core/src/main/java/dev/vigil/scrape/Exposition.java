package dev.vigil.scrape;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Reads what a target's {@code /metrics} answers: the Prometheus text format (0.0.4) or OpenMetrics 1.0, told apart
 * by the content type. Counters, gauges, histograms, summaries and untyped samples are all read as samples; the
 * {@code TYPE} of each family is kept. The whole exposition is read before anything is returned: one problem and
 * none of it is used ({@link ExpositionException} says which line and why), so a target never half-writes a scrape.
 *
 * <p>As Prometheus does: a second sample of the same series in one exposition is dropped (the first one counts) and
 * reported in {@link Result#duplicates()}; a timestamp is kept as the target gave it (milliseconds in the text
 * format, seconds in OpenMetrics); an exemplar is ignored. Metric and label names are Prometheus's classic ones
 * ({@code [a-zA-Z_:][a-zA-Z0-9_:]*}); a quoted UTF-8 name is refused as not supported.
 */
public final class Exposition {

    /** The kind a {@code TYPE} line gives a family. */
    public enum Type { COUNTER, GAUGE, HISTOGRAM, GAUGEHISTOGRAM, SUMMARY, STATESET, INFO, UNTYPED }

    /**
     * What an exposition holds.
     *
     * @param types each family's declared type
     * @param duplicates series that appeared more than once (only the first sample of each was kept)
     */
    public record Result(List<ScrapedSample> samples, Map<String, Type> types, List<String> duplicates) {
        public Result {
            samples = List.copyOf(samples);
            types = Map.copyOf(types);
            duplicates = List.copyOf(duplicates);
        }
    }

    static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern DECIMAL = Pattern.compile("[-+]?(\\d+\\.?\\d*|\\.\\d+)([eE][-+]?\\d+)?");
    private static final Pattern INTEGER = Pattern.compile("[-+]?\\d+");
    private static final List<String> SUFFIXES = List.of("_bucket", "_count", "_sum", "_total", "_created", "_gcount",
            "_gsum", "_info");
    private static final int MAX_SHOWN = 60;

    private final boolean openMetrics;
    private final int sampleLimit;
    private final Map<String, Type> types = new HashMap<>();
    private final Set<String> seen = new HashSet<>();
    private final List<ScrapedSample> samples = new ArrayList<>();
    private final List<String> duplicates = new ArrayList<>();

    private Exposition(boolean openMetrics, int sampleLimit) {
        this.openMetrics = openMetrics;
        this.sampleLimit = sampleLimit;
    }

    /** True for an OpenMetrics content type ({@code application/openmetrics-text; version=1.0.0; ...}). */
    public static boolean isOpenMetrics(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).strip().startsWith("application/openmetrics-text");
    }

    /**
     * Reads {@code body} as the content type says.
     *
     * @param sampleLimit more samples than this and the whole exposition is refused (the store's protection
     *                    against a target that sends millions of series)
     * @throws ExpositionException the first problem, with its line
     */
    public static Result parse(String body, String contentType, int sampleLimit) throws ExpositionException {
        Exposition e = new Exposition(isOpenMetrics(contentType), sampleLimit);
        e.read(body);
        return new Result(e.samples, e.types, e.duplicates);
    }

    private void read(String body) throws ExpositionException {
        int lineNumber = 0;
        int start = 0;
        boolean ended = false;
        while (start < body.length()) {
            int end = body.indexOf('\n', start);
            if (end < 0) {
                end = body.length();
            }
            String line = body.substring(start, end);
            start = end + 1;
            lineNumber++;
            if (ended) {
                throw new ExpositionException(lineNumber, "text after `# EOF`");
            }
            if (line.endsWith("\r")) {
                line = line.substring(0, line.length() - 1);
            }
            if (openMetrics && line.equals("# EOF")) {
                ended = true;
            } else if (line.startsWith("#")) {
                comment(line, lineNumber);
            } else if (!line.isBlank()) {
                sample(line, lineNumber);
            } else if (openMetrics) {
                throw new ExpositionException(lineNumber, "empty line (OpenMetrics has none)");
            }
        }
        if (openMetrics && !ended) {
            throw new ExpositionException(0, "no `# EOF` at the end: the exposition was cut off");
        }
    }

    private void comment(String line, int n) throws ExpositionException {
        String[] parts = line.substring(1).strip().split("[ \\t]+", 3);
        if (parts.length < 2 || !(parts[0].equals("TYPE") || parts[0].equals("HELP") || parts[0].equals("UNIT"))) {
            return; // any other comment
        }
        String family = parts[1];
        if (!METRIC_NAME.matcher(family).matches()) {
            throw new ExpositionException(n, "invalid metric name " + shown(family) + " in " + parts[0]);
        }
        if (parts[0].equals("TYPE")) {
            String text = parts.length > 2 ? parts[2].strip().toUpperCase(Locale.ROOT) : "";
            Type type;
            try {
                type = Type.valueOf(text.equals("UNKNOWN") ? "UNTYPED" : text);
            } catch (IllegalArgumentException e) {
                throw new ExpositionException(n, "unknown type " + shown(parts.length > 2 ? parts[2] : "")
                        + " for " + family + "; expected counter, gauge, histogram, summary or untyped");
            }
            if (types.putIfAbsent(family, type) != null) {
                throw new ExpositionException(n, "a second TYPE line for " + family);
            }
        }
    }

    private void sample(String line, int n) throws ExpositionException {
        Scanner s = new Scanner(line, n);
        s.skipBlanks();
        if (s.peek() == '{' || s.peek() == '"') {
            throw new ExpositionException(n, "not supported: a quoted (UTF-8) metric name; use a classic name");
        }
        String name = s.take(c -> Character.isLetterOrDigit(c) || c == '_' || c == ':');
        if (!METRIC_NAME.matcher(name).matches()) {
            throw new ExpositionException(n, "invalid metric name " + shown(name.isEmpty() ? line : name));
        }
        Map<String, String> labels = new TreeMap<>();
        int afterName = s.at;
        s.skipBlanks();
        if (s.peek() == '{') {
            s.next();
            labels(s, labels);
        } else {
            s.at = afterName;
        }
        if (!s.skipBlanks()) {
            throw new ExpositionException(n, "expected a space and a value after " + name);
        }
        String valueText = s.take(c -> c != ' ' && c != '\t');
        double value = value(valueText, n);
        OptionalLong timestamp = OptionalLong.empty();
        s.skipBlanks();
        if (!s.atEnd() && s.peek() != '#') {
            timestamp = OptionalLong.of(timestamp(s.take(c -> c != ' ' && c != '\t'), n));
            s.skipBlanks();
        }
        if (!s.atEnd() && !(openMetrics && s.peek() == '#')) {
            throw new ExpositionException(n, "unexpected " + shown(line.substring(s.at)) + " after the value");
        }
        check(name, labels, value, n);
        ScrapedSample sample = new ScrapedSample(name, labels, value, timestamp);
        if (!seen.add(sample.seriesKey())) {
            duplicates.add(shown(sample.seriesKey()));
            return;
        }
        if (samples.size() >= sampleLimit) {
            throw ExpositionException.overLimit(n, sampleLimit);
        }
        samples.add(sample);
    }

    private void labels(Scanner s, Map<String, String> labels) throws ExpositionException {
        while (true) {
            s.skipBlanks();
            if (s.peek() == '}') {
                s.next();
                return;
            }
            String label = s.take(c -> Character.isLetterOrDigit(c) || c == '_');
            if (!LABEL_NAME.matcher(label).matches()) {
                throw new ExpositionException(s.line, s.atEnd() ? "labels not closed with `}`"
                        : "invalid label name " + shown(label.isEmpty() ? String.valueOf(s.peek()) : label));
            }
            if (label.startsWith("__")) {
                throw new ExpositionException(s.line, "label name " + label + " is reserved (it starts with __)");
            }
            s.skipBlanks();
            if (s.next() != '=') {
                throw new ExpositionException(s.line, "expected `=` after label " + label);
            }
            s.skipBlanks();
            if (s.next() != '"') {
                throw new ExpositionException(s.line, "expected a quoted value for label " + label);
            }
            String value = s.quoted();
            if (labels.put(label, value) != null) {
                throw new ExpositionException(s.line, "label " + label + " given twice");
            }
            s.skipBlanks();
            char c = s.next();
            if (c == '}') {
                return;
            }
            if (c != ',') {
                throw new ExpositionException(s.line, "expected `,` or `}` after the value of label " + label);
            }
        }
    }

    /** Histogram buckets need a numeric {@code le}, summary quantiles a numeric {@code quantile}. */
    private void check(String name, Map<String, String> labels, double value, int n) throws ExpositionException {
        Type type = typeOf(name);
        if ((type == Type.HISTOGRAM || type == Type.GAUGEHISTOGRAM) && name.endsWith("_bucket")) {
            String le = labels.get("le");
            if (le == null) {
                throw new ExpositionException(n, "histogram bucket " + name + " without an `le` label");
            }
            value(le, n);
        }
        if (type == Type.SUMMARY && types.containsKey(name) && labels.containsKey("quantile")) {
            value(labels.get("quantile"), n);
        }
        if (type == Type.COUNTER && value < 0) {
            throw new ExpositionException(n, "counter " + name + " is negative");
        }
    }

    /** The family a sample belongs to: its own name, or the name without a suffix its family's type gives it. */
    private Type typeOf(String name) {
        Type own = types.get(name);
        if (own != null) {
            return own;
        }
        for (String suffix : SUFFIXES) {
            if (name.endsWith(suffix)) {
                Type family = types.get(name.substring(0, name.length() - suffix.length()));
                if (family != null) {
                    return family;
                }
            }
        }
        return Type.UNTYPED;
    }

    static double value(String text, int n) throws ExpositionException {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "nan":
                return Double.NaN;
            case "+inf", "inf":
                return Double.POSITIVE_INFINITY;
            case "-inf":
                return Double.NEGATIVE_INFINITY;
            default:
                if (!DECIMAL.matcher(text).matches()) {
                    throw new ExpositionException(n, "invalid value " + shown(text));
                }
                return Double.parseDouble(text);
        }
    }

    private long timestamp(String text, int n) throws ExpositionException {
        if (openMetrics) {
            if (!DECIMAL.matcher(text).matches()) {
                throw new ExpositionException(n, "invalid timestamp " + shown(text) + " (OpenMetrics: seconds)");
            }
            return Math.round(Double.parseDouble(text) * 1000);
        }
        if (!INTEGER.matcher(text).matches()) {
            throw new ExpositionException(n, "invalid timestamp " + shown(text) + " (milliseconds since the epoch)");
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new ExpositionException(n, "timestamp " + shown(text) + " is out of range");
        }
    }

    private static String shown(String text) {
        String clipped = text.length() > MAX_SHOWN ? text.substring(0, MAX_SHOWN) + "..." : text;
        return "`" + clipped.replace("\n", "\\n") + "`";
    }

    /** A cursor over one line. */
    private static final class Scanner {
        private final String text;
        private final int line;
        private int at;

        Scanner(String text, int line) {
            this.text = text;
            this.line = line;
        }

        boolean atEnd() {
            return at >= text.length();
        }

        char peek() {
            return atEnd() ? '\0' : text.charAt(at);
        }

        char next() {
            return atEnd() ? '\0' : text.charAt(at++);
        }

        /** Skips spaces and tabs; true when there were any. */
        boolean skipBlanks() {
            int from = at;
            while (!atEnd() && (text.charAt(at) == ' ' || text.charAt(at) == '\t')) {
                at++;
            }
            return at > from;
        }

        String take(java.util.function.IntPredicate accept) {
            int from = at;
            while (!atEnd() && accept.test(text.charAt(at))) {
                at++;
            }
            return text.substring(from, at);
        }

        /** A label value after its opening quote, with {@code \\}, {@code \"} and {@code \n} unescaped. */
        String quoted() throws ExpositionException {
            StringBuilder out = new StringBuilder();
            while (!atEnd()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c == '\\' && !atEnd()) {
                    char e = text.charAt(at++);
                    switch (e) {
                        case '\\' -> out.append('\\');
                        case '"' -> out.append('"');
                        case 'n' -> out.append('\n');
                        default -> out.append('\\').append(e);
                    }
                } else {
                    out.append(c);
                }
            }
            throw new ExpositionException(line, "a label value is not closed with `\"`");
        }
    }
}
