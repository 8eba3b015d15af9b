package dev.vigil.notify;

import dev.vigil.notify.ReceiverServer.Reply;
import java.net.URI;
import java.util.List;
import java.util.Optional;

class NtfySenderContractTest extends HttpSenderContract {

    @Override
    protected ReceiverConfig config(ReceiverServer server) {
        return new ReceiverConfig.Ntfy(URI.create(server.url("/")), "alerts", Optional.of(Secret.of(SECRET, "env KEY")),
                Optional.empty(), Optional.empty(), 4, List.of(), true);
    }
}
