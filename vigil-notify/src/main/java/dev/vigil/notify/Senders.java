package dev.vigil.notify;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/** The sender for each kind of receiver config. */
public final class Senders {

    private final Http http;
    private final Duration timeout;
    private final Supplier<Instant> now;

    public Senders(Http http, Duration timeout, Supplier<Instant> now) {
        this.http = http;
        this.timeout = timeout;
        this.now = now;
    }

    /**
     * Senders over a JDK HTTP client that follows no redirect (a secret would go wherever a receiver points; the
     * 3xx is dead-lettered instead) and gives up connecting and waiting after {@code settings.timeout()}.
     */
    public static Senders standard(DeliverySettings settings, Supplier<Instant> now) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(settings.timeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new Senders(new Http(client, now, settings.timeout()), settings.timeout(), now);
    }

    public Sender of(ReceiverConfig config) {
        return switch (config) {
            case ReceiverConfig.Webhook c -> new WebhookSender(c, http);
            case ReceiverConfig.Slack c -> new SlackSender(c, http);
            case ReceiverConfig.PagerDuty c -> new PagerDutySender(c, http);
            case ReceiverConfig.Email c -> new EmailSender(c, timeout, now);
            case ReceiverConfig.Teams c -> new TeamsSender(c, http);
            case ReceiverConfig.Discord c -> new DiscordSender(c, http);
            case ReceiverConfig.Telegram c -> new TelegramSender(c, http);
            case ReceiverConfig.Jira c -> new JiraSender(c, http);
            case ReceiverConfig.Datadog c -> new DatadogSender(c, http);
            case ReceiverConfig.Ntfy c -> new NtfySender(c, http);
        };
    }
}
