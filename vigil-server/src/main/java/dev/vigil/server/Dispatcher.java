package dev.vigil.server;

import dev.vigil.audit.AuditRecord;
import dev.vigil.auth.ApiToken;
import io.javalin.http.Context;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Every request goes through here, in this order: the brute-force guard of the client's address, authentication,
 * the token's rate limit, the route's role, its query parameters, the handler; then the audit record for a
 * mutating request and the reply. Errors become {@code {"error","message"}} (Prometheus's error body on its
 * routes) and nothing else leaves.
 */
final class Dispatcher {

    /** Failed authentications allowed per client address: a burst, then one a second. */
    static final RateLimit AUTH_FAILURES = new RateLimit(1, 20);

    /**
     * Unread request bytes discarded before answering, at most: a client still sending its body would otherwise
     * lose the answer to a connection reset. Beyond this the connection is closed instead.
     */
    static final long DRAIN_LIMIT = 1024 * 1024;

    private static final Pattern BEARER = Pattern.compile("(?i:bearer) +([\\x21-\\x7e]{1,512}) *");

    private final ControlPlane plane;
    private final long maxBodyBytes;
    private final RateLimiter perToken;
    private final RateLimiter failuresPerAddress;
    private final WebSessions sessions;

    Dispatcher(ControlPlane plane, ServerConfig config, WebSessions sessions) {
        this.plane = plane;
        this.sessions = sessions;
        this.maxBodyBytes = config.maxBodyBytes();
        this.perToken = new RateLimiter(config.rateLimit(), plane.clock());
        this.failuresPerAddress = new RateLimiter(AUTH_FAILURES, plane.clock());
    }

    void handle(Route route, Context ctx) {
        Call call = new Call(ctx, route.bodyLimit().orElse(maxBodyBytes), defaultTarget(route, ctx));
        boolean reachedAuthentication = false;
        Reply reply;
        String result = "ok";
        try {
            String address = String.valueOf(ctx.req().getRemoteAddr());
            reachedAuthentication = true;
            call.authenticated(authenticate(ctx, address));
            OptionalLong wait = perToken.acquire(call.token().id());
            if (wait.isPresent()) {
                throw ApiError.rateLimited(wait.getAsLong(), "rate limit of this token exceeded");
            }
            if (!call.token().role().includes(route.role())) {
                throw ApiError.forbidden(route.key() + " needs the " + route.role().label() + " role; this token is "
                        + call.token().role().label());
            }
            for (String name : ctx.queryParamMap().keySet()) {
                if (!route.query().contains(name)) {
                    throw ApiError.invalid("unknown query parameter '" + Json.clip(name) + "'"
                            + (route.query().isEmpty() ? "; this endpoint takes none"
                            : "; allowed: " + String.join(", ", route.query().stream().sorted().toList())));
                }
            }
            reply = route.handler().handle(call);
        } catch (ApiError e) {
            reply = Errors.reply(route.dialect(), e);
            result = outcome(e);
        } catch (IOException e) {
            reply = Errors.reply(route.dialect(),
                    new ApiError(400, "invalid_request", "the request could not be read"));
            result = "error: invalid_request";
        } catch (RuntimeException e) {
            reply = Errors.internal(route.dialect());
            result = "error: internal";
        }
        if (reachedAuthentication && route.auditAction().isPresent()) {
            try {
                plane.audit().append(new AuditRecord(plane.clock().now(), call.actor(), route.auditAction().get(),
                        call.auditTarget(), call.auditReason(), result));
            } catch (RuntimeException e) {
                reply = Errors.reply(route.dialect(), new ApiError(500, "internal",
                        "the request was handled but could not be recorded in the audit trail"));
                call.afterReply(null);
            }
        }
        if (!reply.streamed()) {
            drainBody(ctx);
            write(ctx, reply);
        }
        if (reply.status() < 300) {
            call.afterReply().ifPresent(task -> Thread.ofVirtual().name("vigil-api-after-reply").start(task));
        }
    }

    private ApiToken authenticate(Context ctx, String address) {
        String header = ctx.header("Authorization");
        if ((header == null || header.isBlank()) && ctx.cookie(WebSessions.COOKIE) != null) {
            return fromSession(ctx);
        }
        if (header == null || header.isBlank()) {
            throw ApiError.unauthorized("this API needs an 'Authorization: Bearer <token>' header");
        }
        Matcher m = BEARER.matcher(header);
        if (!m.matches()) {
            OptionalLong blocked = failuresPerAddress.exhausted(address);
            if (blocked.isPresent()) {
                throw ApiError.rateLimited(blocked.getAsLong(),
                        "too many failed authentication attempts from this address");
            }
            failuresPerAddress.acquire(address);
            throw ApiError.unauthorized("the Authorization header must be 'Bearer <token>'");
        }
        Optional<ApiToken> token = plane.tokens().authenticate(m.group(1));
        if (token.isEmpty()) {
            // Guessing is slowed down per address; a valid token is never refused for others' guesses (on
            // loopback every local process shares one address: no one can lock the CLI out).
            OptionalLong blocked = failuresPerAddress.exhausted(address);
            if (blocked.isPresent()) {
                throw ApiError.rateLimited(blocked.getAsLong(),
                        "too many failed authentication attempts from this address");
            }
            failuresPerAddress.acquire(address);
            throw ApiError.unauthorized("unknown or revoked token");
        }
        return token.get();
    }

    /**
     * The dashboard's requests: a live session whose token is not revoked, and for anything but a read, the
     * session's CSRF token in {@code X-Vigil-CSRF} (a cookie alone is what a forged cross-site request has).
     */
    private ApiToken fromSession(Context ctx) {
        WebSessions.Session s = session(ctx)
                .orElseThrow(() -> ApiError.unauthorized("the dashboard session has ended; log in again"));
        String method = ctx.method().name();
        if (!method.equals("GET") && !method.equals("HEAD")
                && !java.security.MessageDigest.isEqual(s.csrf().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                String.valueOf(ctx.header("X-Vigil-CSRF")).getBytes(java.nio.charset.StandardCharsets.UTF_8))) {
            throw ApiError.forbidden("missing or wrong CSRF token (X-Vigil-CSRF): nothing done");
        }
        return s.token();
    }

    /** The request's dashboard session, if it has a live one whose token still exists. */
    Optional<WebSessions.Session> session(Context ctx) {
        String id = ctx.cookie(WebSessions.COOKIE);
        if (id == null) {
            return Optional.empty();
        }
        Optional<WebSessions.Session> s = sessions.find(id, plane.clock().now());
        if (s.isPresent() && plane.tokens().list().stream().noneMatch(t -> t.id().equals(s.get().token().id()))) {
            sessions.end(id); // its token was revoked
            return Optional.empty();
        }
        return s;
    }

    /**
     * A token typed into the login form, with the API's limit on failed attempts per address.
     *
     * @throws ApiError 429 when this address failed too often
     */
    Optional<ApiToken> login(String secret, String address) {
        OptionalLong blocked = failuresPerAddress.exhausted(address);
        if (blocked.isPresent()) {
            throw ApiError.rateLimited(blocked.getAsLong(), "too many failed authentication attempts from this address");
        }
        Optional<ApiToken> token = secret.length() > 512 ? Optional.empty() : plane.tokens().authenticate(secret.strip());
        if (token.isEmpty()) {
            failuresPerAddress.acquire(address);
        }
        return token;
    }

    private static void drainBody(Context ctx) {
        long declared = ctx.req().getContentLengthLong();
        if (declared > DRAIN_LIMIT) {
            ctx.res().setHeader("Connection", "close");
            return;
        }
        try {
            InputStream in = ctx.req().getInputStream();
            byte[] buf = new byte[8192];
            long left = DRAIN_LIMIT;
            int n;
            while (left > 0 && (n = in.read(buf)) > 0) {
                left -= n;
            }
            if (left <= 0) {
                ctx.res().setHeader("Connection", "close");
            }
        } catch (IOException | IllegalStateException e) {
            ctx.res().setHeader("Connection", "close");
        }
    }

    private static String defaultTarget(Route route, Context ctx) {
        Map<String, String> params = ctx.pathParamMap();
        if (params.isEmpty()) {
            return route.path().startsWith("/api/v1/stack") ? "stack" : "";
        }
        return params.values().iterator().next();
    }

    private static String outcome(ApiError e) {
        return switch (e.status()) {
            case 401, 403, 429 -> "denied: " + e.code();
            default -> "error: " + e.code();
        };
    }

    /** Writes the reply and flushes it, so that work after the reply starts only once the client has it. */
    static void write(Context ctx, Reply reply) {
        HttpServletResponse res = ctx.res();
        if (res.isCommitted()) {
            return;
        }
        res.setStatus(reply.status());
        reply.headers().forEach(res::setHeader);
        if (reply.status() != 204) {
            res.setContentType(reply.contentType().contains("charset") ? reply.contentType()
                    : reply.contentType() + "; charset=utf-8");
            res.setContentLength(reply.body().length);
        }
        try {
            OutputStream out = res.getOutputStream();
            out.write(reply.body());
            out.flush();
        } catch (IOException e) {
            // The client went away; there is no one left to tell.
        }
    }
}
