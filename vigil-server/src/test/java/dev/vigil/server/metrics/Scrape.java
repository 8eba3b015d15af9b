package dev.vigil.server.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalDouble;

/** A parsed Prometheus text exposition: series (name with labels, as written) to value. */
record Scrape(String text, Map<String, Double> series) {

    static Scrape parse(String text) {
        Map<String, Double> series = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            series.put(line.substring(0, space), number(line.substring(space + 1)));
        }
        return new Scrape(text, Map.copyOf(series));
    }

    private static double number(String text) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            default -> Double.parseDouble(text);
        };
    }

    /** The value of one series, e.g. {@code vigil_service_healthy{service="web"}}. */
    OptionalDouble value(String seriesName) {
        Double v = series.get(seriesName);
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    double valueOf(String seriesName) {
        return value(seriesName).orElseThrow(() -> new AssertionError("no series " + seriesName + " in:\n" + text));
    }

    /** How many series have this metric name (any labels). */
    long count(String metric) {
        return series.keySet().stream().filter(s -> s.equals(metric) || s.startsWith(metric + "{")).count();
    }
}
