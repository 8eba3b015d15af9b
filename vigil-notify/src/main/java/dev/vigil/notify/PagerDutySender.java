package dev.vigil.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;

/**
 * PagerDuty's Events API v2. The dedup key is the SHA-256 of the group key, as Alertmanager makes it, so a resolve
 * closes the incident a trigger opened, even one sent before a restart or by Alertmanager itself.
 */
final class PagerDutySender implements Sender {

    /** PagerDuty cuts a summary at 1024 characters; Vigil does it visibly. */
    static final int MAX_SUMMARY = 1024;

    private final ReceiverConfig.PagerDuty config;
    private final Http http;

    PagerDutySender(ReceiverConfig.PagerDuty config, Http http) {
        this.config = config;
        this.http = http;
    }

    @Override
    public Outcome send(Notification n, Texts texts) throws InterruptedException {
        try {
            return http.outcome(http.post(config.url(), payload(n, texts), config.http(), Map.of()));
        } catch (IOException e) {
            return Http.failed(e);
        }
    }

    ObjectNode payload(Notification n, Texts texts) {
        ObjectNode body = Http.object();
        body.put("routing_key", config.routingKey().reveal());
        body.put("dedup_key", Hashes.groupHash(n.groupKey()));
        if (n.status() == AlertStatus.RESOLVED) {
            body.put("event_action", "resolve");
            return body;
        }
        body.put("event_action", "trigger");
        ObjectNode payload = body.putObject("payload");
        payload.put("summary", Hashes.cut(texts.render("description", config.description(), Texts.title(n), n),
                MAX_SUMMARY));
        payload.put("source", config.client());
        payload.put("severity", config.severity());
        ObjectNode details = payload.putObject("custom_details");
        details.put("firing", Texts.body(new Notification(n.receiver(), n.status(), n.firing(), n.groupLabels(),
                n.commonLabels(), n.commonAnnotations(), n.externalUrl(), n.groupKey(), 0)));
        details.put("num_firing", n.firing().size());
        details.put("num_resolved", n.resolved().size());
        body.put("client", config.client());
        if (!n.externalUrl().isEmpty()) {
            body.put("client_url", n.externalUrl());
        }
        return body;
    }
}
