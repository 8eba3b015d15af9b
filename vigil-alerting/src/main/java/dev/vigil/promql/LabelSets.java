package dev.vigil.promql;

import dev.vigil.metrics.Labels;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Label-set edits the evaluator needs; {@link Labels} is immutable, so each returns a new set. */
final class LabelSets {

    private LabelSets() {
    }

    static Labels dropName(Labels labels) {
        return labels.find(Labels.METRIC_NAME).isEmpty() ? labels : without(labels, List.of(Labels.METRIC_NAME));
    }

    static Labels keep(Labels labels, Collection<String> names) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String n : names) {
            labels.find(n).ifPresent(v -> m.put(n, v));
        }
        return Labels.of(m);
    }

    static Labels without(Labels labels, Collection<String> names) {
        Map<String, String> m = new LinkedHashMap<>(labels.asMap());
        names.forEach(m::remove);
        return Labels.of(m);
    }

    /** Sets a label, or removes it when the value is empty. */
    static Labels with(Labels labels, String name, String value) {
        Map<String, String> m = new LinkedHashMap<>(labels.asMap());
        if (value.isEmpty()) {
            m.remove(name);
        } else {
            m.put(name, value);
        }
        try {
            return Labels.of(m);
        } catch (IllegalArgumentException e) {
            throw new EvaluationException(e.getMessage());
        }
    }

    /** The error Prometheus gives when an operation leaves two series with one label set. */
    static void requireUnique(List<Value.Element> elements) {
        Set<Labels> seen = new HashSet<>();
        for (Value.Element e : elements) {
            if (!seen.add(e.labels())) {
                throw new EvaluationException("vector cannot contain metrics with the same labelset");
            }
        }
    }

    /** All labels, the name among them, as Prometheus prints a label set in errors: {@code {__name__="up", a="b"}}. */
    static String format(Labels labels) {
        StringBuilder s = new StringBuilder("{");
        for (int i = 0; i < labels.size(); i++) {
            if (i > 0) {
                s.append(", ");
            }
            s.append(labels.name(i)).append("=\"").append(labels.valueAt(i).replace("\\", "\\\\")
                    .replace("\"", "\\\"").replace("\n", "\\n")).append('"');
        }
        return s.append('}').toString();
    }
}
