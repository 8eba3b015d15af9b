package dev.vigil.server;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.change.ApplyInProgressException;
import dev.vigil.change.ApplyUnavailableException;
import dev.vigil.change.ApplyOutcome;
import dev.vigil.change.ApplyRequest;
import dev.vigil.change.ConfigVersion;
import dev.vigil.change.Plan;
import dev.vigil.change.PlanText;
import dev.vigil.event.Cause;
import dev.vigil.gate.Decision;
import dev.vigil.stack.InvalidStackException;
import dev.vigil.stack.Problem;
import dev.vigil.stack.Stack;
import dev.vigil.stack.StackLoader;

import java.io.IOException;
import java.time.ZoneId;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;

/** Applying a changed stack file (or only planning it), and the history of applied versions. */
final class ApplyEndpoints {

    static final int HISTORY_LIMIT = 100;

    private final ControlPlane plane;

    ApplyEndpoints(ControlPlane plane) {
        this.plane = plane;
    }

    /**
     * The body is the stack file; {@code ?dry_run=true} only plans. Validated as the running stack's file, so
     * relative paths resolve where that file lives. Answers when the apply has finished (or was rolled back).
     */
    Reply apply(Call call) throws IOException {
        String reason = call.query("reason").orElse("");
        if (reason.length() > ServiceEndpoints.MAX_REASON) {
            throw ApiError.invalid("query parameter 'reason' is longer than " + ServiceEndpoints.MAX_REASON + " characters");
        }
        boolean dryRun = call.boolQuery("dry_run", false);
        boolean override = call.boolQuery("override", false);
        boolean rollback = call.boolQuery("rollback", true);
        call.audit(plane.stack().stack().name(), (override ? "override: " : "") + reason + (dryRun ? " (dry run)" : ""));
        if (override && reason.isBlank()) {
            throw ApiError.invalid("an override needs a reason (query parameter 'reason'): it goes into the audit trail");
        }
        available();
        String text = call.text();
        Stack next = parse(text);
        if (dryRun) {
            return Reply.ok(plan(plane.applier().plan(next, text)).put("result", "dry_run"));
        }
        ApplyRequest request = new ApplyRequest(next, text, call.actor(), Optional.of(call.token().role()),
                reason, override ? Optional.of(reason) : Optional.empty(), rollback);
        return Reply.ok(run(request));
    }

    private ObjectNode run(ApplyRequest request) {
        ApplyOutcome outcome;
        try {
            outcome = plane.applier().apply(request).get();
        } catch (ApplyInProgressException e) {
            throw ApiError.conflict(e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiError(503, "interrupted", "the daemon is shutting down; see vigil config history");
        } catch (ExecutionException e) {
            throw new IllegalStateException("apply failed", e.getCause());
        }
        return switch (outcome) {
            case ApplyOutcome.NoChanges n -> plan(n.plan()).put("result", "no_changes");
            case ApplyOutcome.Refused r -> throw refusal(r);
            case ApplyOutcome.Applied a -> withVersion(plan(a.plan()), a.version()).put("result", "applied");
            case ApplyOutcome.RolledBack r -> withVersion(plan(r.plan()), r.version())
                    .put("result", "rolled_back").put("detail", r.detail());
            case ApplyOutcome.Failed f -> withVersion(plan(f.plan()), f.version())
                    .put("result", "failed").put("detail", f.detail());
        };
    }

    /** One version with the full text of its stack file (admin: the file may hold values meant for Vigil only). */
    Reply version(Call call) {
        ConfigVersion v = number(call);
        ObjectNode node = version(v);
        node.put("text", v.text());
        ObjectNode env = node.putObject("env_files");
        v.envFiles().forEach(env::put);
        return Reply.ok(node);
    }

    /**
     * Applies a stored version again (cause {@code rollback}, through the gate) and, once it runs, writes it to the
     * stack file, so that the file and what runs agree.
     */
    Reply rollback(Call call) throws IOException {
        ConfigVersion target = number(call);
        String reason = call.query("reason").orElse("");
        boolean override = call.boolQuery("override", false);
        call.audit("version " + target.number(), (override ? "override: " : "") + reason);
        if (override && reason.isBlank()) {
            throw ApiError.invalid("an override needs a reason (query parameter 'reason'): it goes into the audit trail");
        }
        available();
        Stack next = parse(target.text());
        ApplyRequest request = new ApplyRequest(next, target.text(), call.actor(),
                Optional.of(call.token().role()), reason.isBlank() ? "rollback to version " + target.number() : reason,
                override ? Optional.of(reason) : Optional.empty(), true, Cause.ROLLBACK);
        ObjectNode answer = run(request);
        String result = answer.path("result").asText();
        if (result.equals("applied") || result.equals("no_changes")) {
            plane.stackFile().write(target.text());
        }
        return Reply.ok(answer.put("rolled_back_to", target.number()));
    }

    private void available() {
        try {
            plane.applier().checkAvailable();
        } catch (ApplyUnavailableException e) {
            throw ApiError.conflict(e.getMessage());
        }
    }

    private ConfigVersion number(Call call) {
        long n = Call.parseLong("number", call.path("number"));
        return plane.versions().get(n).orElseThrow(() -> ApiError.notFound("no version " + n
                + (plane.versions().latest().map(l -> "; the latest is " + l.number()).orElse("; none recorded yet"))));
    }

    /** Applied versions, newest first. */
    Reply history(Call call) {
        int limit = call.intQuery("limit", HISTORY_LIMIT, 1, 1000);
        ObjectNode node = Json.object();
        ArrayNode list = node.putArray("versions");
        for (ConfigVersion v : plane.versions().list(limit)) {
            list.add(version(v));
        }
        return Reply.ok(node);
    }

    private Stack parse(String text) {
        try {
            return StackLoader.parse(text, plane.stack().stack().file());
        } catch (InvalidStackException e) {
            ObjectNode details = Json.object();
            ArrayNode problems = details.putArray("problems");
            for (Problem p : e.problems()) {
                problems.add(p.toString());
            }
            throw new ApiError(400, "invalid_stack", e.problems().size() + " problem"
                    + (e.problems().size() == 1 ? "" : "s") + " in the stack file; nothing was applied",
                    Map.of(), details);
        }
    }

    private static ObjectNode plan(Plan plan) {
        ObjectNode node = Json.object();
        node.put("plan", PlanText.render(plan));
        node.put("summary", plan.isEmpty() ? "no changes" : PlanText.summary(plan));
        return node;
    }

    private static ObjectNode withVersion(ObjectNode node, ConfigVersion v) {
        node.set("version", version(v));
        return node;
    }

    static ObjectNode version(ConfigVersion v) {
        ObjectNode n = Json.object();
        n.put("number", v.number());
        n.put("applied_at", v.appliedAt().toString());
        n.put("actor", v.actor());
        n.put("reason", v.reason());
        n.put("result", v.result().name().toLowerCase(java.util.Locale.ROOT));
        n.put("detail", v.detail().orElse(null));
        n.put("file", v.file());
        n.put("hash", v.hash());
        return n;
    }

    private static ApiError refusal(ApplyOutcome.Refused r) {
        ObjectNode details = Json.object();
        ArrayNode refused = details.putArray("refused");
        StringBuilder message = new StringBuilder("nothing was applied: ");
        for (Decision.Refused x : r.refusals()) {
            refused.addObject().put("service", x.disruption().service()).put("action", x.disruption().action())
                    .put("until", x.freeze().until().toString());
            message.append(x.message(ZoneId.systemDefault())).append("; ");
        }
        details.put("until", r.refusals().stream().map(x -> x.freeze().until()).max(java.time.Instant::compareTo)
                .orElseThrow().toString());
        return ApiError.frozen(message + "an admin can override with a reason (--override --reason TEXT)", details);
    }
}
