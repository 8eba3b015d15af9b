package dev.vigil.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;

/** Alertmanager's webhook: the group as JSON, payload version 4, fields in Alertmanager's order. */
final class WebhookSender implements Sender {

    /** Go's zero time, which Alertmanager writes for an alert with no end. */
    static final String ZERO_TIME = "0001-01-01T00:00:00Z";
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
            .withZone(ZoneOffset.UTC);

    private final ReceiverConfig.Webhook config;
    private final Http http;

    WebhookSender(ReceiverConfig.Webhook config, Http http) {
        this.config = config;
        this.http = http;
    }

    @Override
    public Outcome send(Notification notification, Texts texts) throws InterruptedException {
        try {
            return http.outcome(http.post(URI.create(config.url().reveal()),
                    payload(notification.truncated(config.maxAlerts())), config.http(), Map.of()));
        } catch (IOException e) {
            return Http.failed(e);
        }
    }

    static ObjectNode payload(Notification n) {
        ObjectNode body = Http.object();
        body.put("receiver", n.receiver());
        body.put("status", n.status().text());
        ArrayNode alerts = body.putArray("alerts");
        for (Alert a : n.alerts()) {
            ObjectNode alert = alerts.addObject();
            alert.put("status", a.status().text());
            alert.set("labels", map(a.labels()));
            alert.set("annotations", map(a.annotations()));
            alert.put("startsAt", time(a.startsAt()));
            alert.put("endsAt", a.endsAt().map(WebhookSender::time).orElse(ZERO_TIME));
            alert.put("generatorURL", a.generatorUrl());
            alert.put("fingerprint", a.fingerprint());
        }
        body.set("groupLabels", map(n.groupLabels()));
        body.set("commonLabels", map(n.commonLabels()));
        body.set("commonAnnotations", map(n.commonAnnotations()));
        body.put("externalURL", n.externalUrl());
        body.put("version", "4");
        body.put("groupKey", n.groupKey());
        body.put("truncatedAlerts", n.truncatedAlerts());
        if (!n.affected().isEmpty()) {
            // Vigil's own field, only when there is something to say: Alertmanager's receivers ignore unknown keys.
            ArrayNode affected = body.putArray("affectedServices");
            n.affected().forEach(affected::add);
        }
        return body;
    }

    /** Go encodes a map with its keys sorted. */
    private static ObjectNode map(Map<String, String> values) {
        ObjectNode out = Http.object();
        new TreeMap<>(values).forEach(out::put);
        return out;
    }

    /** RFC 3339 with nanoseconds and no trailing zeros, as Go's {@code time.Time} marshals. */
    static String time(Instant at) {
        String base = RFC3339.format(at);
        if (at.getNano() == 0) {
            return base + "Z";
        }
        String fraction = String.format("%09d", at.getNano()).replaceAll("0+$", "");
        return base + "." + fraction + "Z";
    }
}
