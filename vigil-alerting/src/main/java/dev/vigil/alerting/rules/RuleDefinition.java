package dev.vigil.alerting.rules;

import java.time.Duration;
import java.util.Map;

/** One rule as a rule file defines it, with the line it starts on. */
public sealed interface RuleDefinition {

    String expr();

    Map<String, String> labels();

    int line();

    /** {@code alert:} a rule whose result elements are alerts. */
    record Alerting(String alert, String expr, Duration holdFor, Duration keepFiringFor, Map<String, String> labels,
                    Map<String, String> annotations, int line) implements RuleDefinition {
        public Alerting {
            labels = Map.copyOf(labels);
            annotations = Map.copyOf(annotations);
        }
    }

    /** {@code record:} a rule whose result is stored as a new series. */
    record Recording(String record, String expr, Map<String, String> labels, int line) implements RuleDefinition {
        public Recording {
            labels = Map.copyOf(labels);
        }
    }
}
