package dev.vigil.notify;

import dev.vigil.alerting.template.Functions;
import dev.vigil.alerting.template.Template;
import dev.vigil.alerting.template.TemplateException;

import java.util.AbstractList;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Receivers' titles and texts as Alertmanager renders them: Go templates (the engine the alerting rules use) over
 * Alertmanager's notification data — {@code .Status}, {@code .Receiver}, {@code .GroupLabels},
 * {@code .CommonLabels}, {@code .CommonAnnotations}, {@code .ExternalURL}, {@code .GroupKey}, and {@code .Alerts}
 * with {@code .Alerts.Firing} and {@code .Alerts.Resolved}, each alert with {@code .Status}, {@code .Labels},
 * {@code .Annotations}, {@code .StartsAt}, {@code .EndsAt}, {@code .GeneratorURL} and {@code .Fingerprint};
 * label maps have {@code .SortedPairs}, {@code .Names} and {@code .Values}. Named templates
 * ({@code {{ template "slack.default.title" . }}}) are not there: such a text fails and goes out as written.
 */
final class NotificationTemplates {

    private static final Map<String, Template.Function> FUNCTIONS = functions();

    private NotificationTemplates() {
    }

    static String render(String text, Notification n) throws TemplateException {
        return Template.parse("template", text, FUNCTIONS).execute(data(n), Map.of());
    }

    private static Map<String, Template.Function> functions() {
        Map<String, Template.Function> f = new HashMap<>(Functions.prometheus(Functions.Query.NONE));
        // Alertmanager's own, beside the Prometheus ones.
        f.put("join", args -> {
            if (args.size() != 2 || !(args.get(0) instanceof String sep) || !(args.get(1) instanceof List<?> items)) {
                throw new TemplateException("join needs a separator and a list");
            }
            return items.stream().map(String::valueOf).collect(Collectors.joining(sep));
        });
        f.put("trimSpace", args -> {
            if (args.size() != 1) {
                throw new TemplateException("trimSpace needs one argument");
            }
            return String.valueOf(args.get(0)).strip();
        });
        return Map.copyOf(f);
    }

    private static Map<String, Object> data(Notification n) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("Receiver", n.receiver());
        data.put("Status", n.status().text());
        data.put("Alerts", new Alerts(n.alerts().stream().map(NotificationTemplates::alert).toList()));
        data.put("GroupLabels", new KV(n.groupLabels()));
        data.put("CommonLabels", new KV(n.commonLabels()));
        data.put("CommonAnnotations", new KV(n.commonAnnotations()));
        data.put("ExternalURL", n.externalUrl());
        data.put("GroupKey", n.groupKey());
        data.put("TruncatedAlerts", (long) n.truncatedAlerts());
        return data;
    }

    private static Map<String, Object> alert(Alert a) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("Status", a.status().text());
        out.put("Labels", new KV(a.labels()));
        out.put("Annotations", new KV(a.annotations()));
        out.put("StartsAt", a.startsAt().toString());
        out.put("EndsAt", a.endsAt().map(Object::toString).orElse("0001-01-01T00:00:00Z"));
        out.put("GeneratorURL", a.generatorUrl());
        out.put("Fingerprint", a.fingerprint());
        return out;
    }

    /** Alertmanager's {@code Alerts}: a list with {@code .Firing} and {@code .Resolved}. */
    private static final class Alerts extends AbstractList<Map<String, Object>> implements Template.Fields {
        private final List<Map<String, Object>> alerts;

        Alerts(List<Map<String, Object>> alerts) {
            this.alerts = alerts;
        }

        @Override
        public Map<String, Object> get(int index) {
            return alerts.get(index);
        }

        @Override
        public int size() {
            return alerts.size();
        }

        @Override
        public Optional<Object> field(String name) {
            return switch (name) {
                case "Firing" -> Optional.of(withStatus(AlertStatus.FIRING));
                case "Resolved" -> Optional.of(withStatus(AlertStatus.RESOLVED));
                default -> Optional.empty();
            };
        }

        private Alerts withStatus(AlertStatus status) {
            return new Alerts(alerts.stream().filter(a -> status.text().equals(a.get("Status"))).toList());
        }
    }

    /** Alertmanager's {@code KV}: a label map, sorted, with {@code .SortedPairs}, {@code .Names}, {@code .Values}. */
    private static final class KV extends AbstractMap<String, String> implements Template.Fields {
        private final TreeMap<String, String> pairs;

        KV(Map<String, String> pairs) {
            this.pairs = new TreeMap<>(pairs);
        }

        @Override
        public Set<Entry<String, String>> entrySet() {
            return pairs.entrySet();
        }

        @Override
        public Optional<Object> field(String name) {
            return switch (name) {
                case "SortedPairs" -> {
                    List<Map<String, String>> out = new ArrayList<>();
                    pairs.forEach((k, v) -> out.add(Map.of("Name", k, "Value", v)));
                    yield Optional.of(out);
                }
                case "Names" -> Optional.of(List.copyOf(pairs.keySet()));
                case "Values" -> Optional.of(List.copyOf(pairs.values()));
                default -> Optional.empty();
            };
        }
    }
}
