package dev.vigil.notify;

import dev.vigil.notify.ReceiverServer.Reply;
import java.net.URI;
import java.util.List;
import java.util.Optional;

class DatadogSenderContractTest extends HttpSenderContract {

    @Override
    protected ReceiverConfig config(ReceiverServer server) {
        return new ReceiverConfig.Datadog(Secret.of(SECRET, "env KEY"), URI.create(server.url("/")), Optional.empty(),
                Optional.empty(), List.of(), true);
    }
}
