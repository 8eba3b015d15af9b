package dev.vigil.notify;

import dev.vigil.notify.ReceiverServer.Reply;
import java.net.URI;
import java.util.List;
import java.util.Optional;

class DiscordSenderContractTest extends HttpSenderContract {

    @Override
    protected ReceiverConfig config(ReceiverServer server) {
        return new ReceiverConfig.Discord(Secret.of(server.url("/api/webhooks/1/" + SECRET), "env URL"), Optional.empty(),
                Optional.empty(), true, HttpConfig.NONE);
    }
}
