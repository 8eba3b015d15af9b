package dev.vigil.notify;

import dev.vigil.notify.ReceiverServer.Reply;
import java.net.URI;
import java.util.List;
import java.util.Optional;

class TeamsV2SenderContractTest extends HttpSenderContract {

    @Override
    protected ReceiverConfig config(ReceiverServer server) {
        return new ReceiverConfig.Teams(true, Secret.of(server.url("/workflows/" + SECRET), "env URL"), Optional.empty(),
                Optional.empty(), true, HttpConfig.NONE);
    }
}
