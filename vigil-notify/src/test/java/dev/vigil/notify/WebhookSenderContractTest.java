package dev.vigil.notify;

import dev.vigil.notify.ReceiverServer.Reply;
import java.net.URI;
import java.util.List;
import java.util.Optional;

class WebhookSenderContractTest extends HttpSenderContract {

    @Override
    protected ReceiverConfig config(ReceiverServer server) {
        return new ReceiverConfig.Webhook(Secret.of(server.url("/hook?key=" + SECRET), "env URL"), true, 0, HttpConfig.NONE);
    }
}
