package dev.vigil.notify;

import dev.vigil.notify.ReceiverServer.Reply;
import java.net.URI;
import java.util.List;
import java.util.Optional;

class SlackSenderContractTest extends HttpSenderContract {

    @Override
    protected ReceiverConfig config(ReceiverServer server) {
        return new ReceiverConfig.Slack(Secret.of(server.url("/services/T0/B0/" + SECRET), "env URL"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), false, HttpConfig.NONE);
    }
}
