package dev.vigil.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.gate.Decision;
import dev.vigil.window.OpenWindow;

import java.time.ZoneId;

/** How the gate's refusals look in replies: 423 {@code frozen}, with the windows and when the freeze ends. */
final class Gates {

    private Gates() {
    }

    static ApiError refusal(Decision.Refused refused) {
        ObjectNode details = Json.object();
        ArrayNode windows = details.putArray("windows");
        for (OpenWindow open : refused.freeze().windows()) {
            windows.addObject()
                    .put("name", open.window().name())
                    .put("schedule", open.window().describe())
                    .put("origin", open.window().origin().label())
                    .put("reason", open.window().reason().orElse(null))
                    .put("closes_at", open.interval().end().toString());
        }
        details.put("until", refused.freeze().until().toString());
        return ApiError.frozen(refused.message(ZoneId.systemDefault())
                + "; an admin can override it with a reason (--override --reason TEXT)", details);
    }
}
