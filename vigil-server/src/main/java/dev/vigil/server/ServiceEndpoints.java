package dev.vigil.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.auth.Role;
import dev.vigil.event.Cause;
import dev.vigil.gate.Decision;
import dev.vigil.gate.Disruption;
import dev.vigil.event.ServiceEvent;
import dev.vigil.supervise.Supervisor;

import java.io.IOException;
import java.time.Instant;
import java.util.Optional;
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

    /**
     * Accepts the action and hands it to the service's supervisor; it happens after the reply. A stop or restart is
     * a voluntary disruption: inside a freeze it is refused (423) unless an admin overrides it with a reason.
     */
    Reply action(String action, Call call) throws IOException {
        String name = call.path("name");
        Supervisor s = supervisor(name);
        ObjectNode body = call.jsonBody(Set.of("reason", "override"));
        String reason = Json.string(body, "reason", MAX_REASON).orElse("");
        boolean override = Json.bool(body, "override");
        call.audit(name, override ? "override: " + reason : reason);
        if (override && !call.token().role().includes(Role.ADMIN)) {
            throw ApiError.forbidden("an override needs the admin role; this token is " + call.token().role().label());
        }
        if (override && reason.isBlank()) {
            throw ApiError.invalid("an override needs a reason (field 'reason'): it goes into the audit trail");
        }
        if (!action.equals("start")) {
            Decision decision = plane.gate().decide(new Disruption(name, action, Cause.OPERATOR, call.actor(),
                    Optional.of(call.token().role()), override ? Optional.of(reason) : Optional.empty()));
            if (decision instanceof Decision.Refused refused) {
                throw Gates.refusal(refused);
            }
        }
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
