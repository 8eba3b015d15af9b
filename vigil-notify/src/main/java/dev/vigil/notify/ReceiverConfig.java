package dev.vigil.notify;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One entry under a receiver's {@code *_configs}: where and how one copy of a notification goes. Templates
 * ({@code title}, {@code text}, …) are kept as written; empty means Vigil's default text.
 */
public sealed interface ReceiverConfig {

    /** The config's kind as written in the file without {@code _configs}: {@code slack}, {@code webhook}, … */
    String kind();

    /** Whether resolved notifications go out too. */
    boolean sendResolved();

    /** Every secret this config holds, so that no error or answer shown can carry one. */
    List<Secret> secrets();

    /** Alertmanager's webhook: the group as JSON, payload version 4. */
    record Webhook(Secret url, boolean sendResolved, int maxAlerts, HttpConfig http) implements ReceiverConfig {
        @Override
        public String kind() {
            return "webhook";
        }

        @Override
        public List<Secret> secrets() {
            return with(http.secrets(), url);
        }
    }

    /** A Slack incoming webhook, sent as blocks. */
    record Slack(Secret apiUrl, Optional<String> channel, Optional<String> username, Optional<String> title,
                 Optional<String> text, boolean sendResolved, HttpConfig http) implements ReceiverConfig {
        @Override
        public String kind() {
            return "slack";
        }

        @Override
        public List<Secret> secrets() {
            return with(http.secrets(), apiUrl);
        }
    }

    /** PagerDuty's Events API v2; the dedup key is a hash of the group key, so resolve closes what trigger opened. */
    record PagerDuty(Secret routingKey, URI url, Optional<String> description, String severity, String client,
                     boolean sendResolved, HttpConfig http) implements ReceiverConfig {
        public static final URI DEFAULT_URL = URI.create("https://events.pagerduty.com/v2/enqueue");

        @Override
        public String kind() {
            return "pagerduty";
        }

        @Override
        public List<Secret> secrets() {
            return with(http.secrets(), routingKey);
        }
    }

    /** Mail over SMTP; STARTTLS is required unless {@code require_tls: false}, port 465 means TLS from the start. */
    record Email(List<String> to, String from, String host, int port, Optional<String> hello,
                 Optional<String> authUsername, Optional<Secret> authPassword, boolean requireTls,
                 Map<String, String> headers, Optional<String> text, boolean sendResolved) implements ReceiverConfig {
        public Email {
            to = List.copyOf(to);
            headers = Map.copyOf(headers);
        }

        @Override
        public String kind() {
            return "email";
        }

        @Override
        public List<Secret> secrets() {
            return authPassword.map(List::of).orElse(List.of());
        }
    }

    /** Microsoft Teams: {@code msteams} posts a MessageCard (Office 365 connector), {@code msteamsv2} an Adaptive Card (Workflows). */
    record Teams(boolean v2, Secret webhookUrl, Optional<String> title, Optional<String> text, boolean sendResolved,
                 HttpConfig http) implements ReceiverConfig {
        @Override
        public String kind() {
            return v2 ? "msteamsv2" : "msteams";
        }

        @Override
        public List<Secret> secrets() {
            return with(http.secrets(), webhookUrl);
        }
    }

    /** A Discord webhook, sent as one embed. */
    record Discord(Secret webhookUrl, Optional<String> title, Optional<String> message, boolean sendResolved,
                   HttpConfig http) implements ReceiverConfig {
        @Override
        public String kind() {
            return "discord";
        }

        @Override
        public List<Secret> secrets() {
            return with(http.secrets(), webhookUrl);
        }
    }

    /** A Telegram bot's {@code sendMessage}. */
    record Telegram(Secret botToken, long chatId, Optional<Integer> messageThreadId, URI apiUrl,
                    Optional<String> message, String parseMode, boolean disableNotifications, boolean sendResolved)
            implements ReceiverConfig {
        public static final URI DEFAULT_URL = URI.create("https://api.telegram.org");

        @Override
        public String kind() {
            return "telegram";
        }

        @Override
        public List<Secret> secrets() {
            return List.of(botToken);
        }
    }

    /**
     * Jira's REST API v2: an issue per group (found again by a label made from the group key), a comment when it
     * fires again, and on resolve the transition named by {@code resolve_transition}, if any.
     */
    record Jira(URI apiUrl, String project, String issueType, Optional<String> summary, Optional<String> description,
                List<String> labels, Optional<String> priority, Optional<String> resolveTransition,
                boolean sendResolved, HttpConfig http) implements ReceiverConfig {
        public Jira {
            labels = List.copyOf(labels);
        }

        @Override
        public String kind() {
            return "jira";
        }

        @Override
        public List<Secret> secrets() {
            return http.secrets();
        }
    }

    /** Datadog's events API v1. */
    record Datadog(Secret apiKey, URI apiUrl, Optional<String> title, Optional<String> text, List<String> tags,
                   boolean sendResolved) implements ReceiverConfig {
        public static final URI DEFAULT_URL = URI.create("https://api.datadoghq.com");

        public Datadog {
            tags = List.copyOf(tags);
        }

        @Override
        public String kind() {
            return "datadog";
        }

        @Override
        public List<Secret> secrets() {
            return List.of(apiKey);
        }
    }

    /** An ntfy topic, published as JSON; an access token is optional. */
    record Ntfy(URI url, String topic, Optional<Secret> token, Optional<String> title, Optional<String> message,
                int priority, List<String> tags, boolean sendResolved) implements ReceiverConfig {
        public static final URI DEFAULT_URL = URI.create("https://ntfy.sh");

        public Ntfy {
            tags = List.copyOf(tags);
        }

        @Override
        public String kind() {
            return "ntfy";
        }

        @Override
        public List<Secret> secrets() {
            return token.map(List::of).orElse(List.of());
        }
    }

    private static List<Secret> with(List<Secret> secrets, Secret one) {
        List<Secret> out = new ArrayList<>(secrets);
        out.add(one);
        return List.copyOf(out);
    }
}
