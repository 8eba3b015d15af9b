package dev.vigil.notify;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The small part of Alertmanager's Go templates that titles and texts mostly use: {@code {{ .Status }}},
 * {@code {{ .CommonLabels.alertname }}}, {@code {{ .GroupLabels.job }}}, {@code {{ .CommonAnnotations.summary }}},
 * {@code {{ .Receiver }}}, {@code {{ .ExternalURL }}}, {@code {{ .GroupKey }}}, {@code {{ len .Alerts }}},
 * {@code {{ len .Alerts.Firing }}}, {@code {{ len .Alerts.Resolved }}}, {@code {{ .Status | toUpper }}}. Anything
 * else (ranges, named templates) fails, and the caller sends the raw text.
 */
final class Template {

    private static final Pattern ACTION = Pattern.compile("\\{\\{-?\\s*(.*?)\\s*-?}}");
    private static final Pattern MAP_FIELD = Pattern.compile("\\.(GroupLabels|CommonLabels|CommonAnnotations)\\.(\\w+)");
    private static final Pattern MAP_INDEX =
            Pattern.compile("index \\.(GroupLabels|CommonLabels|CommonAnnotations) \"([^\"]*)\"");

    /** A template Vigil cannot render, with the reason. */
    static final class TemplateException extends Exception {
        TemplateException(String message) {
            super(message);
        }
    }

    private Template() {
    }

    static String render(String template, Notification n) throws TemplateException {
        Matcher m = ACTION.matcher(template);
        StringBuilder out = new StringBuilder();
        int last = 0;
        while (m.find()) {
            out.append(template, last, m.start()).append(value(m.group(1), n));
            last = m.end();
        }
        String rest = template.substring(last);
        if (rest.contains("{{")) {
            throw new TemplateException("unclosed action `{{`");
        }
        return out.append(rest).toString();
    }

    private static String value(String expression, Notification n) throws TemplateException {
        String[] piped = expression.split("\\s*\\|\\s*");
        String v = single(piped[0].trim(), n);
        for (int i = 1; i < piped.length; i++) {
            Function<String, String> f = switch (piped[i].trim()) {
                case "toUpper" -> String::toUpperCase;
                case "toLower" -> String::toLowerCase;
                case "title" -> s -> s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
                default -> null;
            };
            if (f == null) {
                throw new TemplateException("function `" + piped[i].trim() + "` is not supported");
            }
            v = f.apply(v);
        }
        return v;
    }

    private static String single(String e, Notification n) throws TemplateException {
        switch (e) {
            case ".Status":
                return n.status().text();
            case ".Receiver":
                return n.receiver();
            case ".ExternalURL":
                return n.externalUrl();
            case ".GroupKey":
                return n.groupKey();
            case "len .Alerts":
                return Integer.toString(n.alerts().size());
            case "len .Alerts.Firing", ".Alerts.Firing | len":
                return Integer.toString(n.firing().size());
            case "len .Alerts.Resolved":
                return Integer.toString(n.resolved().size());
            case ".GroupLabels":
                return pairs(n.groupLabels());
            case ".CommonLabels":
                return pairs(n.commonLabels());
            case ".CommonAnnotations":
                return pairs(n.commonAnnotations());
            default:
                break;
        }
        Matcher field = MAP_FIELD.matcher(e);
        Matcher index = MAP_INDEX.matcher(e);
        if (field.matches()) {
            return map(field.group(1), n).getOrDefault(field.group(2), "");
        }
        if (index.matches()) {
            return map(index.group(1), n).getOrDefault(index.group(2), "");
        }
        throw new TemplateException("`{{ " + e + " }}` is not supported");
    }

    private static Map<String, String> map(String name, Notification n) {
        return switch (name) {
            case "GroupLabels" -> n.groupLabels();
            case "CommonLabels" -> n.commonLabels();
            default -> n.commonAnnotations();
        };
    }

    private static String pairs(Map<String, String> labels) {
        return new TreeMap<>(labels).entrySet().stream().map(en -> en.getKey() + "=" + en.getValue())
                .collect(Collectors.joining(", "));
    }
}
