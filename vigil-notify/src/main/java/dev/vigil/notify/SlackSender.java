package dev.vigil.notify;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/** A Slack incoming webhook: a header block with the title and a section with the text. */
final class SlackSender implements Sender {

    /** Slack's limits: header text 150 characters, section text 3000. */
    static final int MAX_HEADER = 150;
    static final int MAX_SECTION = 3000;

    private final ReceiverConfig.Slack config;
    private final Http http;

    SlackSender(ReceiverConfig.Slack config, Http http) {
        this.config = config;
        this.http = http;
    }

    @Override
    public Outcome send(Notification n, Texts texts) throws InterruptedException {
        String title = texts.render("title", config.title(), Texts.title(n), n);
        String text = texts.render("text", config.text(), Texts.body(n), n);
        ObjectNode body = Http.object();
        config.channel().ifPresent(c -> body.put("channel", c));
        config.username().ifPresent(u -> body.put("username", u));
        body.put("text", title);
        ArrayNode blocks = body.putArray("blocks");
        ObjectNode header = blocks.addObject().put("type", "header");
        header.putObject("text").put("type", "plain_text").put("text", Hashes.cut(title, MAX_HEADER));
        if (!text.isBlank()) {
            ObjectNode section = blocks.addObject().put("type", "section");
            section.putObject("text").put("type", "mrkdwn").put("text", Hashes.cut(text, MAX_SECTION));
        }
        try {
            return http.outcome(http.post(URI.create(config.apiUrl().reveal()), body, config.http(), Map.of()));
        } catch (IOException e) {
            return Http.failed(e);
        }
    }
}
