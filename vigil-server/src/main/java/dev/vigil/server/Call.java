package dev.vigil.server;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.auth.ApiToken;
import io.javalin.http.Context;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/** One request as a handler sees it: the caller's token, parameters checked on the way in, the body. */
final class Call {

    final Context ctx;
    private final long maxBodyBytes;
    private ApiToken token;
    private String auditTarget;
    private String auditReason = "";
    private Runnable afterReply;

    Call(Context ctx, long maxBodyBytes, String auditTarget) {
        this.ctx = ctx;
        this.maxBodyBytes = maxBodyBytes;
        this.auditTarget = auditTarget;
    }

    ApiToken token() {
        return token;
    }

    void authenticated(ApiToken value) {
        this.token = value;
    }

    String actor() {
        return token == null ? "unauthenticated" : token.name();
    }

    String path(String name) {
        return ctx.pathParam(name);
    }

    /** Names what the request acted on, and why, for the audit trail. */
    void audit(String target, String reason) {
        this.auditTarget = target;
        this.auditReason = reason;
    }

    String auditTarget() {
        return auditTarget;
    }

    String auditReason() {
        return auditReason;
    }

    /** Runs once the reply is written and flushed. */
    void afterReply(Runnable task) {
        this.afterReply = task;
    }

    Optional<Runnable> afterReply() {
        return Optional.ofNullable(afterReply);
    }

    Optional<String> query(String name) {
        List<String> values = queries(name);
        if (values.size() > 1) {
            throw ApiError.invalid("query parameter '" + name + "' may be given once");
        }
        return values.stream().findFirst();
    }

    List<String> queries(String name) {
        Map<String, List<String>> all = ctx.queryParamMap();
        return all.getOrDefault(name, List.of());
    }

    int intQuery(String name, int fallback, int min, int max) {
        Optional<String> text = query(name);
        if (text.isEmpty()) {
            return fallback;
        }
        long value = parseLong(name, text.get());
        if (value < min || value > max) {
            throw ApiError.invalid("query parameter '" + name + "' must be " + min + ".." + max + ", got " + value);
        }
        return (int) value;
    }

    /** A non-negative id or sequence number. */
    OptionalLong idQuery(String name) {
        Optional<String> text = query(name);
        if (text.isEmpty()) {
            return OptionalLong.empty();
        }
        long value = parseLong(name, text.get());
        if (value < 0) {
            throw ApiError.invalid("query parameter '" + name + "' must not be negative, got " + value);
        }
        return OptionalLong.of(value);
    }

    static long parseLong(String name, String text) {
        try {
            return Long.parseLong(text.trim());
        } catch (NumberFormatException e) {
            throw ApiError.invalid("query parameter '" + name + "' must be a whole number, got '" + Json.clip(text) + "'");
        }
    }

    /** The body as a JSON object with only the allowed fields (an empty body is an empty object). */
    ObjectNode jsonBody(Set<String> allowed) throws IOException {
        return Json.body(body(), allowed);
    }

    /** The body as UTF-8 text (a stack file), within the size limit. */
    String text() throws IOException {
        return new String(body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A boolean query parameter: absent is {@code fallback}; {@code true} or {@code false} otherwise. */
    boolean boolQuery(String name, boolean fallback) {
        Optional<String> text = query(name);
        if (text.isEmpty()) {
            return fallback;
        }
        return switch (text.get().trim()) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiError.invalid("query parameter '" + name + "' must be true or false, got '"
                    + Json.clip(text.get()) + "'");
        };
    }

    // Content-Length can be absent (chunked) or lie: what is actually read is counted too.
    private byte[] body() throws IOException {
        long declared = ctx.req().getContentLengthLong();
        if (declared > maxBodyBytes) {
            throw ApiError.tooLarge(maxBodyBytes);
        }
        // Not closed here: what is left of an oversized body is drained before the answer (see Dispatcher).
        InputStream in = ctx.req().getInputStream();
        byte[] read = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
        if (read.length > maxBodyBytes) {
            throw ApiError.tooLarge(maxBodyBytes);
        }
        return read;
    }
}
