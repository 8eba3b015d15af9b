package dev.vigil.metrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A series' identity: label pairs sorted by name, the metric name among them as {@code __name__}. Names are
 * checked as Prometheus checks them; a label with an empty value is the same as no label and is dropped.
 */
public final class Labels implements Comparable<Labels> {

    public static final String METRIC_NAME = "__name__";
    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Pattern METRIC = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");

    private final String[] names;
    private final String[] values;
    private final int hash;

    private Labels(String[] names, String[] values) {
        this.names = names;
        this.values = values;
        this.hash = 31 * Arrays.hashCode(names) + Arrays.hashCode(values);
    }

    /** A metric's series: {@code metric("http_requests_total", "method", "GET", "code", "200")}. */
    public static Labels metric(String name, String... pairs) {
        String[] all = Arrays.copyOf(new String[] {METRIC_NAME, name}, pairs.length + 2);
        System.arraycopy(pairs, 0, all, 2, pairs.length);
        return of(all);
    }

    /** Labels from name, value, name, value, ... */
    public static Labels of(String... pairs) {
        if (pairs.length % 2 != 0) {
            throw new IllegalArgumentException("labels come in name, value pairs; got " + pairs.length + " strings");
        }
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            if (map.put(pairs[i], pairs[i + 1]) != null) {
                throw new IllegalArgumentException("label " + pairs[i] + " is given twice");
            }
        }
        return of(map);
    }

    public static Labels of(Map<String, String> labels) {
        List<String> sorted = new ArrayList<>(labels.keySet());
        Collections.sort(sorted);
        List<String> names = new ArrayList<>(sorted.size());
        List<String> values = new ArrayList<>(sorted.size());
        for (String name : sorted) {
            String value = labels.get(name);
            if (name == null || value == null) {
                throw new IllegalArgumentException("label names and values must not be null");
            }
            if (!LABEL_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("invalid label name \"" + name + "\" (must match "
                        + LABEL_NAME.pattern() + ")");
            }
            if (name.equals(METRIC_NAME) && !METRIC.matcher(value).matches()) {
                throw new IllegalArgumentException("invalid metric name \"" + value + "\" (must match "
                        + METRIC.pattern() + ")");
            }
            if (!value.isEmpty()) {
                names.add(name);
                values.add(value);
            }
        }
        return new Labels(names.toArray(String[]::new), values.toArray(String[]::new));
    }

    /** The metric name, or "" when there is none. */
    public String metricName() {
        return value(METRIC_NAME);
    }

    /** The label's value, "" when the series has no such label (as Prometheus treats a missing label). */
    public String value(String name) {
        int i = Arrays.binarySearch(names, name);
        return i >= 0 ? values[i] : "";
    }

    public Optional<String> find(String name) {
        int i = Arrays.binarySearch(names, name);
        return i >= 0 ? Optional.of(values[i]) : Optional.empty();
    }

    public int size() {
        return names.length;
    }

    public String name(int index) {
        return names[index];
    }

    public String valueAt(int index) {
        return values[index];
    }

    public Map<String, String> asMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            map.put(names[i], values[i]);
        }
        return Collections.unmodifiableMap(map);
    }

    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Labels other && hash == other.hash && Arrays.equals(names, other.names)
                && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public int compareTo(Labels o) {
        for (int i = 0; i < Math.min(names.length, o.names.length); i++) {
            int c = names[i].compareTo(o.names[i]);
            if (c == 0) {
                c = values[i].compareTo(o.values[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(names.length, o.names.length);
    }

    /** As Prometheus prints a series: {@code up{job="api"}}. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder(metricName()).append('{');
        boolean first = true;
        for (int i = 0; i < names.length; i++) {
            if (names[i].equals(METRIC_NAME)) {
                continue;
            }
            if (!first) {
                s.append(", ");
            }
            first = false;
            s.append(names[i]).append("=\"").append(values[i].replace("\\", "\\\\").replace("\"", "\\\"")
                    .replace("\n", "\\n")).append('"');
        }
        return s.append('}').toString();
    }
}
