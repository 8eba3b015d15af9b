package dev.vigil.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A Telegram bot's {@code sendMessage}. The token is part of the URL path, so the URL is never shown; a 429 says how
 * long to wait in its body ({@code parameters.retry_after}) when it has no Retry-After header.
 */
final class TelegramSender implements Sender {

    /** Telegram's limit for a message. */
    static final int MAX_TEXT = 4096;

    private final ReceiverConfig.Telegram config;
    private final Http http;

    TelegramSender(ReceiverConfig.Telegram config, Http http) {
        this.config = config;
        this.http = http;
    }

    @Override
    public Outcome send(Notification n, Texts texts) throws InterruptedException {
        String fallback = Texts.title(n) + "\n" + Texts.body(n);
        if (config.parseMode().equals("HTML")) {
            fallback = escapeHtml(fallback);
        }
        ObjectNode body = Http.object();
        body.put("chat_id", config.chatId());
        config.messageThreadId().ifPresent(t -> body.put("message_thread_id", t));
        body.put("text", Hashes.cut(texts.render("message", config.message(), fallback, n), MAX_TEXT));
        body.put("parse_mode", config.parseMode());
        body.put("disable_notification", config.disableNotifications());
        URI url = URI.create(config.apiUrl().toString().replaceAll("/+$", "")
                + "/bot" + config.botToken().reveal() + "/sendMessage");
        try {
            Http.Answer answer = http.post(url, body, HttpConfig.NONE, Map.of());
            Outcome outcome = http.outcome(answer);
            if (outcome instanceof Outcome.Failed f && f.retryAfter().isEmpty() && answer.status() == 429) {
                return new Outcome.Failed(f.reason(), retryAfterInBody(answer.body()));
            }
            return outcome;
        } catch (IOException e) {
            return Http.failed(e);
        }
    }

    private static Optional<Duration> retryAfterInBody(String body) {
        try {
            JsonNode seconds = Http.JSON.readTree(body).path("parameters").path("retry_after");
            return seconds.canConvertToLong() ? Optional.of(Duration.ofSeconds(seconds.asLong())) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
