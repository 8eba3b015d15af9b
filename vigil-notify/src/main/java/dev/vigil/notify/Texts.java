package dev.vigil.notify;

import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

/**
 * Titles and bodies for a notification: the configured template rendered, or Vigil's default. A template that
 * fails is sent as written, and {@code problems} hears which field and why.
 */
public final class Texts {

    private final BiConsumer<String, String> problems;

    /** @param problems told the field and the reason when a template fails */
    public Texts(BiConsumer<String, String> problems) {
        this.problems = problems;
    }

    /** Texts whose template failures go nowhere, for tests that do not look at them. */
    public static Texts quiet() {
        return new Texts((field, why) -> { });
    }

    String render(String field, Optional<String> template, String fallback, Notification n) {
        if (template.isEmpty()) {
            return fallback;
        }
        try {
            return NotificationTemplates.render(template.get(), n);
        } catch (dev.vigil.alerting.template.TemplateException e) {
            problems.accept(field, e.getMessage());
            return template.get();
        }
    }

    /** {@code [FIRING:2] HighLatency api}: the status, how many fire, and the group's label values. */
    static String title(Notification n) {
        String count = n.status() == AlertStatus.FIRING ? ":" + n.firing().size() : "";
        String labels = new TreeMap<>(n.groupLabels()).values().stream().collect(Collectors.joining(" "));
        return ("[" + n.status().text().toUpperCase(java.util.Locale.ROOT) + count + "] " + labels).strip();
    }

    /** One line per alert: its name, summary or description, and labels. */
    static String body(Notification n) {
        StringBuilder out = new StringBuilder();
        n.alerts().stream().sorted(Comparator.comparing(Alert::startsAt)).forEach(a -> {
            out.append("- ").append(a.status() == AlertStatus.FIRING ? "" : "[resolved] ").append(a.name());
            String about = a.annotations().getOrDefault("summary", a.annotations().getOrDefault("description", ""));
            if (!about.isEmpty()) {
                out.append(": ").append(about);
            }
            Map<String, String> labels = new TreeMap<>(a.labels());
            labels.remove("alertname");
            if (!labels.isEmpty()) {
                out.append(" (").append(labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                        .collect(Collectors.joining(", "))).append(')');
            }
            out.append('\n');
        });
        if (n.truncatedAlerts() > 0) {
            out.append("… and ").append(n.truncatedAlerts()).append(" more\n");
        }
        if (!n.affected().isEmpty()) {
            out.append("Also affected (depend on it, their alerts held): ").append(String.join(", ", n.affected()))
                    .append('\n');
        }
        return out.toString().stripTrailing();
    }
}
