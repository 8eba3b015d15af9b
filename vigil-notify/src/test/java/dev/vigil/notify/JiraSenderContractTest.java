package dev.vigil.notify;

import dev.vigil.notify.ReceiverServer.Reply;
import java.net.URI;
import java.util.List;
import java.util.Optional;

class JiraSenderContractTest extends HttpSenderContract {

    @Override
    protected ReceiverConfig config(ReceiverServer server) {
        return new ReceiverConfig.Jira(URI.create(server.url("/")), "OPS", "Bug", Optional.empty(), Optional.empty(),
                List.of(), Optional.empty(), Optional.empty(), true, new HttpConfig(Optional.empty(),
                Optional.of(new HttpConfig.Authorization("Bearer", Secret.of(SECRET, "env KEY")))));
    }

    @Override
    protected Reply accepted() {
        // The search finds no open issue, and the issue is created.
        return Reply.of(200, "{\"issues\":[]}");
    }
}
