package dev.vigil.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.change.ConfigVersion;
import dev.vigil.stack.Stack;
import dev.vigil.supervise.StackPhase;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/** The stack as a whole: its summary, shutting it down, the API description and the metrics. */
final class StackEndpoints {

    static final String OPENAPI_RESOURCE = "/dev/vigil/server/openapi.yaml";

    private final ControlPlane plane;
    private final Supplier<URI> address;
    private final Instant startedAt;
    private final AtomicBoolean shutdownRequested = new AtomicBoolean();
    private volatile boolean stopping; // a down was accepted
    private final String openapi;

    private WebSessions sessions = new WebSessions();

    /** The dashboard's sessions, which {@link #dashboardLink} issues one-time logins into. */
    StackEndpoints withSessions(WebSessions shared) {
        this.sessions = shared;
        return this;
    }

    /**
     * {@code POST /api/v1/dashboard/links}: a one-time login link to the dashboard as the calling token (what
     * {@code vigil open} prints), good once, for two minutes.
     */
    Reply dashboardLink(Call call) {
        String nonce = sessions.link(call.token(), plane.clock().now());
        return Reply.json(201, Json.object().put("url", address.get() + "/login?once=" + nonce)
                .put("expires_in_seconds", WebSessions.LINK_LIFETIME.toSeconds()));
    }

    StackEndpoints(ControlPlane plane, Supplier<URI> address) {
        this.plane = plane;
        this.address = address;
        this.startedAt = plane.clock().now();
        this.openapi = loadOpenApi();
    }

    Reply stack(Call call) {
        Stack stack = plane.stack().stack();
        Instant now = plane.clock().now();
        ObjectNode node = Json.object();
        node.put("name", stack.name());
        node.put("file", stack.file().toString());
        // An accepted down is "stopping" at once, before the stop reaches the supervisor.
        node.put("state", stopping ? StackPhase.STOPPING.label() : plane.stack().phase().label());
        node.put("services", stack.services().size());
        node.put("version", plane.version());
        node.put("pid", ProcessHandle.current().pid());
        node.put("started_at", startedAt.toString());
        node.put("uptime_ms", Math.max(0, Duration.between(startedAt, now).toMillis()));
        node.put("api", address.get().toString());
        Optional<ConfigVersion> applied = plane.versions().latest();
        node.put("applied_version", applied.map(ConfigVersion::number).orElse(null));
        node.put("drift", drift(stack.file(), applied));
        node.set("windows", WindowEndpoints.view(plane.gates().state(), now, stack));
        return Reply.ok(node);
    }

    /**
     * Why the stack file on disk is not what runs, if it is not: edited since the last apply (shown until it is
     * applied), or gone. Null when they agree.
     */
    private static String drift(Path file, Optional<ConfigVersion> applied) {
        if (applied.isEmpty()) {
            return null;
        }
        try {
            String hash = ConfigVersion.hashOf(Files.readString(file));
            return hash.equals(applied.get().hash()) ? null : file.getFileName() + " has changed since version "
                    + applied.get().number() + " was applied; see vigil diff, then vigil apply";
        } catch (IOException e) {
            return file + " cannot be read: " + e.getMessage();
        }
    }

    Reply down(Call call) throws IOException {
        ObjectNode body = call.jsonBody(Set.of("reason", "keep_services"));
        String reason = Json.string(body, "reason", ServiceEndpoints.MAX_REASON).orElse("");
        boolean keepServices = Json.bool(body, "keep_services");
        call.audit(plane.stack().stack().name(), (keepServices ? "keep services" : "") + (keepServices && !reason.isEmpty()
                ? "; " : "") + reason);
        stopping = true;
        if (shutdownRequested.compareAndSet(false, true)) {
            call.afterReply(() -> plane.shutdown().accept(keepServices));
        }
        ObjectNode node = Json.object();
        node.put("action", "stack.down");
        node.put("accepted", true);
        node.put("keep_services", keepServices);
        node.put("state", "stopping");
        return Reply.json(202, node);
    }

    Reply openapi(Call call) {
        return Reply.text("application/yaml", openapi);
    }

    Reply metrics(Call call) {
        return Reply.text("text/plain; version=0.0.4; charset=utf-8", plane.metrics().get());
    }

    private static String loadOpenApi() {
        try (InputStream in = StackEndpoints.class.getResourceAsStream(OPENAPI_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the API description " + OPENAPI_RESOURCE + " is missing from the build");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + OPENAPI_RESOURCE, e);
        }
    }
}
