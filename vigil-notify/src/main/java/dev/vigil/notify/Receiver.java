package dev.vigil.notify;

import java.util.List;

/** A named place notifications go: one or more configs (a Slack channel and a webhook, say), each tried on its own. */
public record Receiver(String name, List<ReceiverConfig> configs) {

    public Receiver {
        configs = List.copyOf(configs);
    }
}
