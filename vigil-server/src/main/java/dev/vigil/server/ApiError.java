package dev.vigil.server;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Map;
import java.util.Optional;

/**
 * A request that ends in an error reply: a stable code for programs and a message for people.
 * Thrown by handlers and turned into {@code {"error": code, "message": ...}} in one place.
 */
final class ApiError extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> headers;
    private final ObjectNode details;

    ApiError(int status, String code, String message, Map<String, String> headers, ObjectNode details) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
        this.details = details;
    }

    ApiError(int status, String code, String message, Map<String, String> headers) {
        this(status, code, message, headers, null);
    }

    ApiError(int status, String code, String message) {
        this(status, code, message, Map.of());
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    Map<String, String> headers() {
        return headers;
    }

    /** Fields added to the error body beside {@code error} and {@code message} (e.g. a freeze's window and end). */
    Optional<ObjectNode> details() {
        return Optional.ofNullable(details);
    }

    static ApiError invalid(String message) {
        return new ApiError(400, "invalid_request", message);
    }

    static ApiError invalidJson(String message) {
        return new ApiError(400, "invalid_json", message);
    }

    static ApiError unknownService(String name) {
        return new ApiError(404, "unknown_service", "no service named '" + Json.clip(name) + "' in this stack");
    }

    static ApiError notFound(String message) {
        return new ApiError(404, "not_found", message);
    }

    static ApiError conflict(String message) {
        return new ApiError(409, "conflict", message);
    }

    static ApiError tooLarge(long max) {
        return new ApiError(413, "body_too_large", "the request body is larger than " + max + " bytes");
    }

    static ApiError unauthorized(String message) {
        return new ApiError(401, "unauthorized", message, Map.of("WWW-Authenticate", "Bearer"));
    }

    static ApiError forbidden(String message) {
        return new ApiError(403, "forbidden", message);
    }

    /** 423: a freeze window covers the service; the body names the windows and when the freeze ends. */
    static ApiError frozen(String message, ObjectNode details) {
        return new ApiError(423, "frozen", message, Map.of(), details);
    }

    static ApiError rateLimited(long retryAfterSeconds, String message) {
        return new ApiError(429, "rate_limited", message, Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }
}
