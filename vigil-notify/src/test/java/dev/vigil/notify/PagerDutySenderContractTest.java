package dev.vigil.notify;

import dev.vigil.notify.ReceiverServer.Reply;
import java.net.URI;
import java.util.List;
import java.util.Optional;

class PagerDutySenderContractTest extends HttpSenderContract {

    @Override
    protected ReceiverConfig config(ReceiverServer server) {
        return new ReceiverConfig.PagerDuty(Secret.of(SECRET, "env KEY"), URI.create(server.url("/v2/enqueue")),
                Optional.empty(), "error", "Vigil", true, HttpConfig.NONE);
    }
}
