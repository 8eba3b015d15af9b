package dev.vigil.notify;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.util.Map;

/** A Discord webhook: one embed, red while firing and green once resolved, as Alertmanager colours it. */
final class DiscordSender implements Sender {

    static final int FIRING_COLOUR = 0x992D22;
    static final int RESOLVED_COLOUR = 0x2ECC71;
    /** Discord's limits for an embed's title and description. */
    static final int MAX_TITLE = 256;
    static final int MAX_DESCRIPTION = 4096;

    private final ReceiverConfig.Discord config;
    private final Http http;

    DiscordSender(ReceiverConfig.Discord config, Http http) {
        this.config = config;
        this.http = http;
    }

    @Override
    public Outcome send(Notification n, Texts texts) throws InterruptedException {
        String title = texts.render("title", config.title(), Texts.title(n), n);
        String message = texts.render("message", config.message(), Texts.body(n), n);
        ObjectNode body = Http.object();
        body.putArray("embeds").addObject()
                .put("title", Hashes.cut(title, MAX_TITLE))
                .put("description", Hashes.cut(message, MAX_DESCRIPTION))
                .put("color", n.status() == AlertStatus.FIRING ? FIRING_COLOUR : RESOLVED_COLOUR);
        try {
            return http.outcome(http.post(URI.create(config.webhookUrl().reveal()), body, config.http(), Map.of()));
        } catch (IOException e) {
            return Http.failed(e);
        }
    }
}
