package dev.vigil.alerting.rules;

import dev.vigil.alerting.template.AlertTemplates;
import dev.vigil.alerting.template.Functions;
import dev.vigil.promql.ParseException;
import dev.vigil.promql.Promql;

import java.util.Map;
import java.util.Optional;

/** Rule files read with their expressions parsed as the engine will run them and their templates parsed. */
public final class RuleChecks {

    private RuleChecks() {
    }

    /** PromQL's parser as a rule file's expression check: the reason and its position when it refuses. */
    public static Optional<String> expression(String expr) {
        try {
            Promql.parse(expr);
            return Optional.empty();
        } catch (ParseException e) {
            return Optional.of(e.getMessage());
        }
    }

    /** A reader for checking files alone (no queries, labels or URL of a running Vigil). */
    public static RuleFiles files() {
        return new RuleFiles(RuleChecks::expression, new AlertTemplates(Functions.Query.NONE, Map.of(), ""));
    }
}
