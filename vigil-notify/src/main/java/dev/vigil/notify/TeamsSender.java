package dev.vigil.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/** Microsoft Teams: a MessageCard for an Office 365 connector, an Adaptive Card for a Workflows webhook (v2). */
final class TeamsSender implements Sender {

    private final ReceiverConfig.Teams config;
    private final Http http;

    TeamsSender(ReceiverConfig.Teams config, Http http) {
        this.config = config;
        this.http = http;
    }

    @Override
    public Outcome send(Notification n, Texts texts) throws InterruptedException {
        String title = texts.render("title", config.title(), Texts.title(n), n);
        String text = texts.render("text", config.text(), Texts.body(n), n);
        boolean firing = n.status() == AlertStatus.FIRING;
        ObjectNode body = config.v2() ? adaptive(title, text, firing) : messageCard(title, text, firing);
        try {
            return http.outcome(http.post(URI.create(config.webhookUrl().reveal()), body, config.http(), Map.of()));
        } catch (IOException e) {
            return Http.failed(e);
        }
    }

    static ObjectNode messageCard(String title, String text, boolean firing) {
        ObjectNode card = Http.object();
        card.put("@type", "MessageCard");
        card.put("@context", "https://schema.org/extensions");
        card.put("themeColor", firing ? "8C1A1A" : "2DC72D");
        card.put("summary", title);
        card.put("title", title);
        card.put("text", text);
        return card;
    }

    static ObjectNode adaptive(String title, String text, boolean firing) {
        ObjectNode message = Http.object().put("type", "message");
        ObjectNode attachment = message.putArray("attachments").addObject();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        ObjectNode content = attachment.putObject("content");
        content.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        content.put("type", "AdaptiveCard");
        content.put("version", "1.2");
        ArrayNode blocks = content.putArray("body");
        blocks.addObject().put("type", "TextBlock").put("text", title).put("weight", "Bolder").put("size", "Medium")
                .put("wrap", true).put("style", "heading").put("color", firing ? "Attention" : "Good");
        blocks.addObject().put("type", "TextBlock").put("text", text).put("wrap", true);
        content.putObject("msteams").put("width", "Full");
        return message;
    }
}
