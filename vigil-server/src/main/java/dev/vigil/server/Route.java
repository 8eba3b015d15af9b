package dev.vigil.server;

import dev.vigil.auth.Role;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

/**
 * One endpoint: method and path (OpenAPI style, {@code {name}} for a parameter), the least role that may call it,
 * the query parameters it takes, the audit action when it changes something, and its handler.
 *
 * @param bodyLimit the largest body it takes, when that is not the server's limit (a stack file may be larger than
 *                  any JSON request)
 * @param dialect   how its errors are written
 */
record Route(String method, String path, Role role, Set<String> query, Optional<String> auditAction,
             Handler handler, java.util.OptionalLong bodyLimit, Dialect dialect) {

    /**
     * The error body a route's clients read: Vigil's own, Prometheus's for the Prometheus-compatible API, or
     * Alertmanager's (a JSON string) for the Alertmanager-compatible one.
     */
    enum Dialect { VIGIL, PROMETHEUS, ALERTMANAGER }

    /** Answers one authorized request. */
    @FunctionalInterface
    interface Handler {
        Reply handle(Call call) throws IOException;
    }

    Route {
        query = Set.copyOf(query);
    }

    Route(String method, String path, Role role, Set<String> query, Optional<String> auditAction, Handler handler) {
        this(method, path, role, query, auditAction, handler, java.util.OptionalLong.empty(), Dialect.VIGIL);
    }

    /** The same route, taking bodies up to {@code bytes}. */
    Route withBodyLimit(long bytes) {
        return new Route(method, path, role, query, auditAction, handler, java.util.OptionalLong.of(bytes), dialect);
    }

    /** The same route, answering errors as Prometheus's API does. */
    Route inPrometheusDialect() {
        return new Route(method, path, role, query, auditAction, handler, bodyLimit, Dialect.PROMETHEUS);
    }

    /** The same route, answering errors as Alertmanager's API does. */
    Route inAlertmanagerDialect() {
        return new Route(method, path, role, query, auditAction, handler, bodyLimit, Dialect.ALERTMANAGER);
    }

    static Route get(String path, Role role, Set<String> query, Handler handler) {
        return new Route("GET", path, role, query, Optional.empty(), handler);
    }

    static Route get(String path, Role role, Handler handler) {
        return get(path, role, Set.of(), handler);
    }

    static Route post(String path, Role role, String auditAction, Handler handler) {
        return new Route("POST", path, role, Set.of(), Optional.of(auditAction), handler);
    }

    static Route post(String path, Role role, Set<String> query, String auditAction, Handler handler) {
        return new Route("POST", path, role, query, Optional.of(auditAction), handler);
    }

    /** A POST that only reads (a query sent as a form, as Prometheus clients do): not audited. */
    static Route postRead(String path, Role role, Set<String> query, Handler handler) {
        return new Route("POST", path, role, query, Optional.empty(), handler);
    }

    /** A POST that changes state too often to audit each one (alerts posted by a Prometheus every minute). */
    static Route postUnaudited(String path, Role role, Handler handler) {
        return new Route("POST", path, role, Set.of(), Optional.empty(), handler);
    }

    static Route delete(String path, Role role, String auditAction, Handler handler) {
        return new Route("DELETE", path, role, Set.of(), Optional.of(auditAction), handler);
    }

    /** {@code GET /api/v1/stack}: how routes are named in messages and tests. */
    String key() {
        return method + " " + path;
    }
}
