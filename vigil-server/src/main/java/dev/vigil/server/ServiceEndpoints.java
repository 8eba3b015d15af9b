package dev.vigil.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.event.Cause;
import dev.vigil.event.ServiceEvent;
import dev.vigil.supervise.Supervisor;

import java.io.IOException;
import java.time.Instant;
import java.util.Set;

/** Services: their state, their definition, and the operator's start, stop and restart. */
final class ServiceEndpoints {

    static final int MAX_REASON = 500;

    private final ControlPlane plane;

    ServiceEndpoints(ControlPlane plane) {
        this.plane = plane;
    }

    Reply list(Call call) {
        Instant now = plane.clock().now();
        ObjectNode node = Json.object();
        ArrayNode services = node.putArray("services");
        for (var status : plane.stack().statuses()) {
            plane.stack().supervisor(status.name()).ifPresent(s -> services.add(Views.service(s, now)));
        }
        return Reply.ok(node);
    }

    Reply one(Call call) {
        Supervisor s = supervisor(call.path("name"));
        ObjectNode node = Views.service(s, plane.clock().now());
        node.set("spec", Views.spec(s.spec()));
        return Reply.ok(node);
    }

    /** Accepts the action and hands it to the service's supervisor; it happens after the reply. */
    Reply action(String action, Call call) throws IOException {
        String name = call.path("name");
        Supervisor s = supervisor(name);
        String reason = Json.string(call.jsonBody(Set.of("reason")), "reason", MAX_REASON).orElse("");
        call.audit(name, reason);
        plane.bus().publish(new ServiceEvent.ActionRequested(plane.clock().now(), name, action, call.actor(), reason,
                Cause.OPERATOR));
        switch (action) {
            case "start" -> s.start();
            case "stop" -> s.stop();
            case "restart" -> s.restart("restart requested by " + call.actor() + (reason.isEmpty() ? "" : ": " + reason));
            default -> throw new IllegalArgumentException("unknown action " + action);
        }
        ObjectNode node = Json.object();
        node.put("service", name);
        node.put("action", action);
        node.put("accepted", true);
        node.put("state", s.status().state().label());
        return Reply.json(202, node);
    }

    Supervisor supervisor(String name) {
        return plane.stack().supervisor(name).orElseThrow(() -> ApiError.unknownService(name));
    }
}
