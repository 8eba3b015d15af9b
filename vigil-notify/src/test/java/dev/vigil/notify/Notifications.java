package dev.vigil.notify;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Test builders for notifications. */
final class Notifications {

    static final Instant STARTED = Instant.parse("2026-01-01T10:00:00Z");
    static final String GROUP_KEY = "{}/{severity=\"page\"}:{alertname=\"HighLatency\"}";

    private Notifications() {
    }

    static Alert aFiringAlert(String instance) {
        return new Alert(AlertStatus.FIRING, Map.of("alertname", "HighLatency", "instance", instance),
                Map.of("summary", "p99 above 2s on " + instance), STARTED, Optional.empty(),
                "http://vigil.local/graph?g0.expr=latency", "fp-" + instance);
    }

    static Alert aResolvedAlert(String instance) {
        return new Alert(AlertStatus.RESOLVED, Map.of("alertname", "HighLatency", "instance", instance),
                Map.of("summary", "p99 above 2s on " + instance), STARTED,
                Optional.of(Instant.parse("2026-01-01T10:05:00.250Z")),
                "http://vigil.local/graph?g0.expr=latency", "fp-" + instance);
    }

    static Notification aFiringGroup(String receiver) {
        return new Notification(receiver, AlertStatus.FIRING, List.of(aFiringAlert("api-1"), aFiringAlert("api-2")),
                Map.of("alertname", "HighLatency"), Map.of("alertname", "HighLatency"),
                Map.of("summary", "p99 above 2s"), "http://vigil.local:7420", GROUP_KEY, 0);
    }

    static Notification aResolvedGroup(String receiver) {
        return new Notification(receiver, AlertStatus.RESOLVED, List.of(aResolvedAlert("api-1")),
                Map.of("alertname", "HighLatency"), Map.of("alertname", "HighLatency", "instance", "api-1"),
                Map.of("summary", "p99 above 2s on api-1"), "http://vigil.local:7420", GROUP_KEY, 0);
    }
}
