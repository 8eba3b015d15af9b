package dev.vigil.notify;

import dev.vigil.notify.ReceiverServer.Reply;
import java.net.URI;
import java.util.List;
import java.util.Optional;

class TelegramSenderContractTest extends HttpSenderContract {

    @Override
    protected ReceiverConfig config(ReceiverServer server) {
        return new ReceiverConfig.Telegram(Secret.of("123:" + SECRET, "env KEY"), 42L, Optional.empty(),
                URI.create(server.url("/")), Optional.empty(), "HTML", false, true);
    }
}
