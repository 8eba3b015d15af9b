package dev.vigil.server;

import java.util.Map;

/**
 * A request that ends in an error reply: a stable code for programs and a message for people.
 * Thrown by handlers and turned into {@code {"error": code, "message": ...}} in one place.
 */
final class ApiError extends RuntimeException {

    private final int status;
    private final String code;
    private final Map<String, String> headers;

    ApiError(int status, String code, String message, Map<String, String> headers) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.headers = Map.copyOf(headers);
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

    static ApiError rateLimited(long retryAfterSeconds, String message) {
        return new ApiError(429, "rate_limited", message, Map.of("Retry-After", Long.toString(retryAfterSeconds)));
    }
}
