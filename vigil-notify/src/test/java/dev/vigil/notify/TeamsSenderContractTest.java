package dev.vigil.notify;

import dev.vigil.notify.ReceiverServer.Reply;
import java.net.URI;
import java.util.List;
import java.util.Optional;

class TeamsSenderContractTest extends HttpSenderContract {

    @Override
    protected ReceiverConfig config(ReceiverServer server) {
        return new ReceiverConfig.Teams(false, Secret.of(server.url("/webhookb2/" + SECRET), "env URL"), Optional.empty(),
                Optional.empty(), true, HttpConfig.NONE);
    }
}
