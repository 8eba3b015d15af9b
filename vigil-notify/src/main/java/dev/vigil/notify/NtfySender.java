package dev.vigil.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;

/** An ntfy topic, published as JSON to the server's root; resolved notifications go at the default priority. */
final class NtfySender implements Sender {

    static final int DEFAULT_PRIORITY = 3;

    private final ReceiverConfig.Ntfy config;
    private final Http http;

    NtfySender(ReceiverConfig.Ntfy config, Http http) {
        this.config = config;
        this.http = http;
    }

    @Override
    public Outcome send(Notification n, Texts texts) throws InterruptedException {
        boolean firing = n.status() == AlertStatus.FIRING;
        ObjectNode body = Http.object();
        body.put("topic", config.topic());
        body.put("title", texts.render("title", config.title(), Texts.title(n), n));
        body.put("message", texts.render("message", config.message(), Texts.body(n), n));
        body.put("priority", firing ? config.priority() : DEFAULT_PRIORITY);
        ArrayNode tags = body.putArray("tags");
        tags.add(firing ? "rotating_light" : "white_check_mark");
        config.tags().forEach(tags::add);
        if (!n.externalUrl().isEmpty()) {
            body.put("click", n.externalUrl());
        }
        Map<String, String> headers = config.token().map(t -> Map.of("Authorization", "Bearer " + t.reveal()))
                .orElse(Map.of());
        try {
            return http.outcome(http.post(config.url(), body, HttpConfig.NONE, headers));
        } catch (IOException e) {
            return Http.failed(e);
        }
    }
}
