package dev.vigil.alerting.template;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;

/**
 * Expands the labels and annotations of alerting rules as Prometheus does: the data is {@code .Labels},
 * {@code .ExternalLabels}, {@code .ExternalURL} and {@code .Value}, also reachable as {@code $labels},
 * {@code $externalLabels}, {@code $externalURL} and {@code $value}.
 */
public final class AlertTemplates {

    private final Map<String, Template.Function> functions;
    private final Map<String, String> externalLabels;
    private final String externalUrl;

    public AlertTemplates(Functions.Query query, Map<String, String> externalLabels, String externalUrl) {
        this.functions = Functions.prometheus(query);
        this.externalLabels = Map.copyOf(externalLabels);
        this.externalUrl = externalUrl;
    }

    /** Checks a template when rules are loaded; the message says where it fails. */
    public void check(String name, String text) throws TemplateException {
        Template.parse(name, text, functions);
    }

    /**
     * An expander for one rule's labels and annotations: a template that fails leaves its raw text, and
     * {@code failed} hears why (for an event), so the notification still goes out.
     */
    public dev.vigil.alerting.rules.AlertingRule.Expander expander(String rule, java.util.function.Consumer<String> failed) {
        return (text, labels, value) -> {
            if (!text.contains("{{")) {
                return text;
            }
            try {
                return expand(rule, text, labels, value);
            } catch (TemplateException e) {
                failed.accept(e.getMessage());
                return text;
            }
        };
    }

    public String expand(String name, String text, SortedMap<String, String> labels, double value)
            throws TemplateException {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("Labels", labels);
        data.put("ExternalLabels", externalLabels);
        data.put("ExternalURL", externalUrl);
        data.put("Value", value);
        Map<String, Object> vars = Map.of("$labels", labels, "$externalLabels", externalLabels,
                "$externalURL", externalUrl, "$value", value);
        return Template.parse(name, text, functions).execute(data, vars);
    }
}
