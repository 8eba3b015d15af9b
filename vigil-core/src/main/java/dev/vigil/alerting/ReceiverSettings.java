package dev.vigil.alerting;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A receiver as the stack file names it, in Alertmanager's {@code receivers:} shape: its name and, per kind
 * ({@code slack_configs}, {@code webhook_configs}, ...), the configurations as written (maps of plain values), each
 * with the line it starts on, for the notifiers to read and report against.
 */
public record ReceiverSettings(String name, Map<String, List<Config>> configs, int line) {

    /** One {@code *_configs} entry: its keys and values as written, and where. */
    public record Config(Map<String, Object> values, int line) {
        public Config {
            values = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(values));
        }
    }

    /** The kinds a receiver may hold: Alertmanager's that Vigil sends, and Vigil's own. */
    public static final List<String> KINDS = List.of("webhook_configs", "slack_configs", "pagerduty_configs",
            "email_configs", "msteams_configs", "msteamsv2_configs", "discord_configs", "telegram_configs",
            "jira_configs", "datadog_configs", "ntfy_configs");

    /** Alertmanager's kinds that Vigil does not send (yet): named in the error, not silently dropped. */
    public static final List<String> UNSUPPORTED_KINDS = List.of("opsgenie_configs", "victorops_configs",
            "pushover_configs", "sns_configs", "webex_configs", "wechat_configs", "rocketchat_configs");

    public ReceiverSettings {
        Map<String, List<Config>> copy = new LinkedHashMap<>();
        configs.forEach((k, v) -> copy.put(k, List.copyOf(v)));
        configs = java.util.Collections.unmodifiableMap(copy);
    }
}
