package dev.vigil.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.TreeMap;

/** Datadog's events API v1: one event per notification, aggregated by the group so firing and resolved sit together. */
final class DatadogSender implements Sender {

    /** Datadog's limits: a title of 100 characters, a text of 4000, an aggregation key of 100. */
    static final int MAX_TITLE = 100;
    static final int MAX_TEXT = 4000;

    private final ReceiverConfig.Datadog config;
    private final Http http;

    DatadogSender(ReceiverConfig.Datadog config, Http http) {
        this.config = config;
        this.http = http;
    }

    @Override
    public Outcome send(Notification n, Texts texts) throws InterruptedException {
        ObjectNode body = Http.object();
        body.put("title", Hashes.cut(texts.render("title", config.title(), Texts.title(n), n), MAX_TITLE));
        body.put("text", Hashes.cut(texts.render("text", config.text(), Texts.body(n), n), MAX_TEXT));
        body.put("alert_type", n.status() == AlertStatus.FIRING ? "error" : "success");
        body.put("aggregation_key", Hashes.groupHash(n.groupKey()).substring(0, 64));
        ArrayNode tags = body.putArray("tags");
        config.tags().forEach(tags::add);
        new TreeMap<>(n.groupLabels()).forEach((k, v) -> tags.add(k + ":" + v));
        try {
            return http.outcome(http.post(config.apiUrl().resolve("/api/v1/events"), body, HttpConfig.NONE,
                    Map.of("DD-API-KEY", config.apiKey().reveal())));
        } catch (IOException e) {
            return Http.failed(e);
        }
    }
}
