package dev.vigil.server;

import dev.vigil.auth.Role;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** The whole API in one table: what the server registers, the OpenAPI document and the tests all follow it. */
final class Routes {

    static final String V1 = "/api/v1";
    /** Prometheus's API under this prefix: Grafana's data source URL is the daemon's address plus it. */
    static final String PROMETHEUS = "/prometheus";
    /** Alertmanager's API v2 under this prefix: a Prometheus's or amtool's Alertmanager URL is the address plus it. */
    static final String ALERTMANAGER = "/alertmanager";

    private Routes() {
    }

    /** The largest stack file an apply takes: room for a stack of many hundred services. */
    static final long MAX_STACK_FILE_BYTES = 1024 * 1024;
    /**
     * Alerts posted at once: Prometheus sends up to 64 a request, and one with long annotations (runbooks,
     * descriptions) or a long generator URL is several kilobytes; the server's 64 KiB refused such batches.
     */
    static final long MAX_POSTED_ALERTS_BYTES = 4 * 1024 * 1024;

    static List<Route> table(StackEndpoints stack, ServiceEndpoints services, LogEndpoints logs,
                             EventEndpoints events, TokenEndpoints tokens, AuditEndpoints audit,
                             WindowEndpoints windows, ApplyEndpoints apply, MetricEndpoints metrics,
                             UsageEndpoints usage, PrometheusEndpoints prometheus, AlertEndpoints alerts,
                             AlertmanagerEndpoints alertmanager) {
        List<Route> routes = new ArrayList<>(List.of(
                Route.get(V1 + "/openapi.yaml", Role.VIEWER, stack::openapi),
                Route.get(V1 + "/stack", Role.VIEWER, stack::stack),
                Route.post(V1 + "/dashboard/links", Role.VIEWER, "dashboard.link", stack::dashboardLink),
                Route.post(V1 + "/stack/down", Role.ADMIN, "stack.down", stack::down),
                Route.post(V1 + "/stack/apply", Role.ADMIN, Set.of("dry_run", "reason", "override", "rollback"),
                        "stack.apply", apply::apply).withBodyLimit(MAX_STACK_FILE_BYTES),
                Route.get(V1 + "/versions", Role.VIEWER, Set.of("limit"), apply::history),
                Route.get(V1 + "/versions/{number}", Role.ADMIN, apply::version),
                Route.post(V1 + "/versions/{number}/rollback", Role.ADMIN, Set.of("reason", "override"),
                        "stack.rollback", apply::rollback),
                Route.get(V1 + "/services", Role.VIEWER, services::list),
                Route.get(V1 + "/services/{name}", Role.VIEWER, services::one),
                Route.post(V1 + "/services/{name}/start", Role.OPERATOR, "service.start",
                        call -> services.action("start", call)),
                Route.post(V1 + "/services/{name}/stop", Role.OPERATOR, "service.stop",
                        call -> services.action("stop", call)),
                Route.post(V1 + "/services/{name}/restart", Role.OPERATOR, "service.restart",
                        call -> services.action("restart", call)),
                Route.get(V1 + "/services/{name}/logs", Role.VIEWER, Set.of("tail"), logs::tail),
                Route.get(V1 + "/services/{name}/logs/stream", Role.VIEWER, Set.of("tail"), logs::stream),
                Route.get(V1 + "/events", Role.VIEWER,
                        Set.of("since", "until", "service", "type", "cause", "limit", "before", "after"), events::query),
                Route.get(V1 + "/events/stream", Role.VIEWER, Set.of("service", "type", "cause", "after"),
                        events::stream),
                Route.get(V1 + "/metrics/series", Role.VIEWER, Set.of("match"), metrics::series),
                Route.get(V1 + "/metrics/labels", Role.VIEWER, metrics::labels),
                Route.get(V1 + "/metrics/labels/{name}/values", Role.VIEWER, metrics::labelValues),
                Route.get(V1 + "/metrics/query_range", Role.VIEWER, Set.of("series", "start", "end", "step", "agg"),
                        metrics::queryRange),
                Route.get(V1 + "/metrics/usage", Role.VIEWER, usage::usage),
                Route.get(V1 + "/findings", Role.VIEWER, usage::findings),
                Route.get(V1 + "/alerts", Role.VIEWER, Set.of("state", "filter", "receiver"), alerts::list),
                Route.post(V1 + "/alerts/{fingerprint}/ack", Role.OPERATOR, "alert.ack", alerts::ack),
                Route.get(V1 + "/silences", Role.VIEWER, alerts::silences),
                Route.post(V1 + "/silences", Role.OPERATOR, "silence.add", alerts::addSilence),
                Route.delete(V1 + "/silences/{id}", Role.OPERATOR, "silence.expire", alerts::expireSilence),
                Route.get(V1 + "/notifications/failed", Role.VIEWER, Set.of("limit"), alerts::deadLetters),
                Route.delete(V1 + "/notifications/failed/{id}", Role.OPERATOR, "notification.drop",
                        alerts::dropDeadLetter),
                Route.post(V1 + "/receivers/{name}/test", Role.OPERATOR, "receiver.test", alerts::testReceiver),
                Route.get(V1 + "/rules", Role.VIEWER, alerts::rules),
                Route.get(V1 + "/windows", Role.VIEWER, windows::list),
                Route.post(V1 + "/windows", Role.OPERATOR, "window.add", windows::add),
                Route.post(V1 + "/windows/{name}/end", Role.ADMIN, "window.end", windows::end),
                Route.post(V1 + "/freeze/override", Role.ADMIN, "freeze.override", windows::override),
                Route.get(V1 + "/tokens", Role.ADMIN, tokens::list),
                Route.post(V1 + "/tokens", Role.ADMIN, "token.create", tokens::create),
                Route.delete(V1 + "/tokens/{idOrName}", Role.ADMIN, "token.revoke", tokens::revoke),
                Route.get(V1 + "/audit", Role.ADMIN, Set.of("after", "limit"), audit::list),
                Route.get(V1 + "/audit/verify", Role.ADMIN, audit::verify),
                Route.get("/metrics", Role.VIEWER, stack::metrics)));
        routes.addAll(prometheus(prometheus));
        routes.addAll(alertmanager(alertmanager));
        return List.copyOf(routes);
    }

    /**
     * Prometheus's read API: GET, and POST with a form body as Grafana and the Go client send it. The parameters
     * listed are those of the URL; a form body's are read as Prometheus reads them (unknown ones ignored).
     */
    private static List<Route> prometheus(PrometheusEndpoints p) {
        String v1 = PROMETHEUS + V1;
        Set<String> query = Set.of("query", "time", "timeout");
        Set<String> range = Set.of("query", "start", "end", "step", "timeout");
        Set<String> listing = Set.of("match[]", "start", "end", "limit");
        return Stream.of(
                        Route.get(v1 + "/query", Role.VIEWER, query, p::query),
                        Route.postRead(v1 + "/query", Role.VIEWER, query, p::query),
                        Route.get(v1 + "/query_range", Role.VIEWER, range, p::queryRange),
                        Route.postRead(v1 + "/query_range", Role.VIEWER, range, p::queryRange),
                        Route.get(v1 + "/series", Role.VIEWER, listing, p::series),
                        Route.postRead(v1 + "/series", Role.VIEWER, listing, p::series),
                        Route.get(v1 + "/labels", Role.VIEWER, listing, p::labels),
                        Route.postRead(v1 + "/labels", Role.VIEWER, listing, p::labels),
                        Route.get(v1 + "/label/{name}/values", Role.VIEWER, listing, p::labelValues),
                        Route.get(v1 + "/status/buildinfo", Role.VIEWER, p::buildInfo),
                        Route.get(v1 + "/metadata", Role.VIEWER, Set.of("limit", "limit_per_metric", "metric"),
                                p::metadata))
                .map(Route::inPrometheusDialect)
                .toList();
    }

    /**
     * Alertmanager's API v2 as a Prometheus (posting alerts), amtool and Grafana use it. Posted alerts are not
     * audited: a Prometheus posts every minute; the alerts themselves are the record (events, the alert store).
     */
    private static List<Route> alertmanager(AlertmanagerEndpoints a) {
        String v2 = ALERTMANAGER + "/api/v2";
        Set<String> listing = Set.of("active", "silenced", "inhibited", "unprocessed", "filter", "receiver");
        return Stream.of(
                        Route.get(v2 + "/alerts", Role.VIEWER, listing, a::alerts),
                        Route.get(v2 + "/alerts/groups", Role.VIEWER, listing, a::groups),
                        Route.postUnaudited(v2 + "/alerts", Role.OPERATOR, a::post).withBodyLimit(MAX_POSTED_ALERTS_BYTES),
                        Route.get(v2 + "/silences", Role.VIEWER, Set.of("filter", "creator"), a::silences),
                        Route.post(v2 + "/silences", Role.OPERATOR, "silence.add", a::postSilence),
                        Route.get(v2 + "/silence/{silenceID}", Role.VIEWER, a::silence),
                        Route.delete(v2 + "/silence/{silenceID}", Role.OPERATOR, "silence.expire", a::deleteSilence),
                        Route.get(v2 + "/status", Role.VIEWER, a::status),
                        Route.get(v2 + "/receivers", Role.VIEWER, a::receivers))
                .map(Route::inAlertmanagerDialect)
                .toList();
    }
}
