package dev.vigil.server;

import dev.vigil.auth.ApiToken;
import dev.vigil.event.Uptime;
import dev.vigil.supervise.ServiceStatus;
import io.javalin.http.Context;
import io.javalin.http.Cookie;
import io.javalin.http.SameSite;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The dashboard's pages, served by the daemon on its API port: the login (a pasted token, or a one-time link from
 * {@code vigil open}), the logout, and the overview of the stack. Pages are written on the server, every value that
 * Vigil did not write itself escaped; no inline script or style, under a Content-Security-Policy that allows only
 * the daemon's own assets.
 */
final class WebPages {

    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    private static final String UPLOT = "/META-INF/resources/webjars/uplot/1.6.30/dist/";
    private static final String CSS = "text/css; charset=utf-8";
    private static final String JS = "text/javascript; charset=utf-8";
    /** The assets, by the name they are served under: its content type and text, read once from the jar. */
    private static final java.util.Map<String, String[]> ASSETS = java.util.Map.of(
            "vigil.css", new String[] {CSS, resource("/dev/vigil/server/web/vigil.css")},
            "overview.js", new String[] {JS, resource("/dev/vigil/server/web/overview.js")},
            "service.js", new String[] {JS, resource("/dev/vigil/server/web/service.js")},
            "uplot.js", new String[] {JS, resource(UPLOT + "uPlot.esm.js")},
            "uplot.css", new String[] {CSS, resource(UPLOT + "uPlot.min.css")});
    private static final java.time.format.DateTimeFormatter SHOWN_TIME =
            java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(java.time.ZoneId.systemDefault());

    private final ControlPlane plane;
    private final Dispatcher dispatcher;
    private final WebSessions sessions;
    private final boolean tls;

    WebPages(ControlPlane plane, Dispatcher dispatcher, WebSessions sessions, boolean tls) {
        this.plane = plane;
        this.dispatcher = dispatcher;
        this.sessions = sessions;
        this.tls = tls;
    }

    /** {@code GET /}: the overview, or the login page without a session. */
    void overview(Context ctx) {
        Optional<WebSessions.Session> s = dispatcher.session(ctx);
        if (s.isEmpty()) {
            ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        Instant now = plane.clock().now();
        StringBuilder rows = new StringBuilder();
        for (ServiceStatus st : plane.stack().statuses()) {
            rows.append("<tr class=\"state-").append(Html.text(st.state().label())).append("\"><th scope=\"row\">")
                    .append("<a href=\"/services/").append(Html.text(st.name())).append("\">").append(Html.text(st.name()))
                    .append("</a></th><td>").append(Html.text(st.state().label()))
                    .append("</td><td>").append(Html.text(st.hasProbes() ? st.health().label() : "-"))
                    .append("</td><td>").append(st.restarts()).append("</td><td>")
                    .append(st.pid().isPresent() ? String.valueOf(st.pid().getAsLong()) : "-").append("</td><td>")
                    .append(st.startedAt().map(t -> Html.text(uptime(Duration.between(t, now)))).orElse("-"))
                    .append("</td><td>").append(Html.text(st.reason())).append("</td></tr>\n");
        }
        String body = """
                <header><h1>%s</h1><p>%s · signed in as %s (%s) · <span data-connection="connecting">connecting…</span></p>
                <form method="post" action="/logout"><input type="hidden" name="csrf" value="%s">
                <button type="submit">Log out</button></form></header>
                <main><table><caption>Services</caption>
                <thead><tr><th scope="col">Service</th><th scope="col">State</th><th scope="col">Health</th>
                <th scope="col">Restarts</th><th scope="col">PID</th><th scope="col">Uptime</th>
                <th scope="col">Why</th></tr></thead>
                <tbody data-live>
                %s</tbody></table></main>
                <script type="module" src="/assets/%s/overview.js"></script>
                """.formatted(Html.text(plane.stack().stack().name()), Html.text(plane.stack().phase().label()),
                Html.text(s.get().token().name()), Html.text(s.get().token().role().label()), Html.text(s.get().csrf()),
                rows, Html.text(plane.version()));
        page(ctx, 200, "Vigil · " + plane.stack().stack().name(), body);
    }

    /**
     * {@code GET /services/NAME}: one service — its state, its latest events with their causes, a live log tail with
     * search, and (for an operator or admin) start, stop and restart with a reason; inside a freeze the refusal names
     * the window, and an admin can override it with a reason.
     */
    void service(Context ctx) {
        Optional<WebSessions.Session> s = dispatcher.session(ctx);
        if (s.isEmpty()) {
            ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        String name = ctx.pathParam("name");
        Optional<ServiceStatus> found = plane.stack().statuses().stream().filter(st -> st.name().equals(name))
                .findFirst();
        if (found.isEmpty()) {
            page(ctx, 404, "Vigil · no such service", "<main><h1>No such service</h1><p>This stack has no service "
                    + "named <code>" + Html.text(name) + "</code>. <a href=\"/\">Back to the overview</a></p></main>");
            return;
        }
        ServiceStatus st = found.get();
        dev.vigil.auth.Role role = s.get().token().role();
        StringBuilder events = new StringBuilder();
        for (dev.vigil.event.StoredEvent e : plane.events().query(new dev.vigil.event.EventQuery(Optional.empty(),
                Optional.empty(), java.util.Set.of(name), java.util.Set.of(), java.util.Set.of(), Optional.empty(),
                Optional.empty(), 50)).reversed()) {
            events.append("<tr><td>").append(Html.text(SHOWN_TIME.format(e.event().at()))).append("</td><td>")
                    .append(Html.text(e.event().type())).append("</td><td>").append(Html.text(e.event().message()))
                    .append("</td></tr>\n");
        }
        String actions = !role.includes(dev.vigil.auth.Role.OPERATOR) ? "" : """
                <section aria-labelledby="actions"><h2 id="actions">Actions</h2>
                <form data-action>
                <label for="reason">Reason</label> <input id="reason" name="reason" maxlength="500" required>
                %s
                <button type="submit" name="action" value="restart">Restart</button>
                <button type="submit" name="action" value="stop">Stop</button>
                <button type="submit" name="action" value="start">Start</button>
                </form><p data-result role="status"></p></section>
                """.formatted(role.includes(dev.vigil.auth.Role.ADMIN) ? "<label><input type=\"checkbox\" "
                + "name=\"override\"> Override a freeze (recorded)</label>" : "");
        String body = """
                <header><h1>%s</h1><p><a href="/">Overview</a> · %s · %s restarts · %s</p></header>
                <main data-service="%s" data-csrf="%s">%s
                <section aria-labelledby="usage"><h2 id="usage">Usage</h2>
                <div role="group" aria-label="Range"><button type="button" data-range="3600">1 hour</button>
                <button type="button" data-range="86400">24 hours</button>
                <button type="button" data-range="604800">7 days</button></div>
                <figure data-chart="memory"><figcaption>Memory (RSS, and its limit)</figcaption></figure>
                <figure data-chart="cpu"><figcaption>CPU (cores)</figcaption></figure></section>
                <section aria-labelledby="logs"><h2 id="logs">Log</h2>
                <label for="search">Search</label> <input id="search" type="search" data-search>
                <div class="log" data-logs aria-live="polite"></div></section>
                <section aria-labelledby="events"><h2 id="events">Events</h2>
                <table><thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">What</th></tr></thead>
                <tbody>%s</tbody></table></section></main>
                <script type="module" src="/assets/%s/service.js"></script>
                """.formatted(Html.text(name), Html.text(st.state().label()), st.restarts(), Html.text(st.reason()),
                Html.text(name), Html.text(s.get().csrf()), actions, events, Html.text(plane.version()));
        page(ctx, 200, "Vigil · " + name, body);
    }

    /**
     * {@code GET /status}: the stack file's status page — each listed service's state and its uptime over 24 hours, 7
     * days and 30 days, from events; without a session unless the page is {@code open}; 404 without a
     * {@code status_page}.
     */
    void status(Context ctx) {
        dev.vigil.stack.StatusPageSettings settings = plane.stack().stack().statusPage();
        if (!settings.enabled()) {
            page(ctx, 404, "Vigil · no status page", "<main><h1>No status page</h1><p>This stack's file has no "
                    + "<code>status_page</code>.</p></main>");
            return;
        }
        if (!settings.open() && dispatcher.session(ctx).isEmpty()) {
            ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
            return;
        }
        Instant now = plane.clock().now();
        StringBuilder rows = new StringBuilder();
        for (ServiceStatus st : shown(settings)) {
            rows.append("<tr><th scope=\"row\">").append(Html.text(st.name())).append("</th><td class=\"")
                    .append(Uptime.up(st.state().label()) ? "up" : "down").append("\">")
                    .append(Uptime.up(st.state().label()) ? "up" : Html.text(st.state().label())).append("</td>");
            for (String window : WINDOWS.keySet()) {
                rows.append("<td>").append(percent(uptime(st.name(), WINDOWS.get(window), now))).append("</td>");
            }
            rows.append("</tr>\n");
        }
        page(ctx, 200, settings.title(), """
                <main><h1>%s</h1>
                <table><thead><tr><th scope="col">Service</th><th scope="col">Now</th><th scope="col">24 hours</th>
                <th scope="col">7 days</th><th scope="col">30 days</th></tr></thead>
                <tbody>%s</tbody></table><p>Updated %s.</p></main>
                """.formatted(Html.text(settings.title()), rows, Html.text(SHOWN_TIME.format(now))));
    }

    /**
     * {@code GET /badge/SERVICE/state} and {@code /badge/SERVICE/uptime?window=24h|7d|30d}: an SVG badge to put in a
     * README; as open as the status page, and only for the services it lists.
     */
    void badge(Context ctx) {
        dev.vigil.stack.StatusPageSettings settings = plane.stack().stack().statusPage();
        String name = ctx.pathParam("service");
        Optional<ServiceStatus> st = settings.enabled() ? shown(settings).stream()
                .filter(s -> s.name().equals(name)).findFirst() : Optional.empty();
        if (st.isEmpty() || (!settings.open() && dispatcher.session(ctx).isEmpty())) {
            badgeReply(ctx, 404, name, "unknown", "#9f9f9f");
            return;
        }
        if (ctx.path().endsWith("/state")) {
            boolean up = Uptime.up(st.get().state().label());
            badgeReply(ctx, 200, name, up ? "up" : st.get().state().label(), up ? "#2e7d32" : "#c62828");
            return;
        }
        String window = Optional.ofNullable(ctx.queryParam("window")).orElse("30d");
        Duration length = WINDOWS.get(window);
        if (length == null) {
            badgeReply(ctx, 400, "window", "24h, 7d or 30d", "#9f9f9f");
            return;
        }
        java.util.OptionalDouble share = uptime(name, length, plane.clock().now());
        double v = share.orElse(0);
        badgeReply(ctx, 200, "uptime " + window, percent(share), share.isEmpty() ? "#9f9f9f"
                : v >= 0.999 ? "#2e7d32" : v >= 0.99 ? "#9e9d24" : v >= 0.95 ? "#ef6c00" : "#c62828");
    }

    private static final java.util.Map<String, Duration> WINDOWS = new java.util.LinkedHashMap<>(java.util.Map.of(
            "24h", Duration.ofHours(24)));

    static {
        WINDOWS.put("7d", Duration.ofDays(7));
        WINDOWS.put("30d", Duration.ofDays(30));
    }

    private java.util.List<ServiceStatus> shown(dev.vigil.stack.StatusPageSettings settings) {
        java.util.List<ServiceStatus> all = plane.stack().statuses();
        if (settings.services().isEmpty()) {
            return all;
        }
        return settings.services().stream().flatMap(n -> all.stream().filter(s -> s.name().equals(n))).toList();
    }

    private java.util.OptionalDouble uptime(String service, Duration length, Instant now) {
        return Uptime.of(plane.events(), service, now.minus(length), now);
    }

    private static String percent(java.util.OptionalDouble share) {
        return share.isEmpty() ? "-" : String.format(java.util.Locale.ROOT, "%.2f%%", share.getAsDouble() * 100);
    }

    /** A flat two-part badge; every text in it escaped. */
    private static void badgeReply(Context ctx, int status, String label, String value, String colour) {
        int left = 6 * label.length() + 12;
        int right = 6 * value.length() + 12;
        String svg = """
                <svg xmlns="http://www.w3.org/2000/svg" width="%d" height="20" role="img" aria-label="%s: %s">
                <title>%s: %s</title>
                <rect width="%d" height="20" fill="#555"/><rect x="%d" width="%d" height="20" fill="%s"/>
                <g fill="#fff" font-family="Verdana,DejaVu Sans,sans-serif" font-size="11">
                <text x="6" y="14">%s</text><text x="%d" y="14">%s</text></g></svg>
                """.formatted(left + right, Html.text(label), Html.text(value), Html.text(label), Html.text(value),
                left, left, right, colour, Html.text(label), left + 6, Html.text(value));
        headers(ctx);
        ctx.header("Cache-Control", "max-age=60");
        ctx.status(status).contentType("image/svg+xml; charset=utf-8").result(svg);
    }

    /** {@code GET /login}: the form; with {@code ?once=}, a one-time link from {@code vigil open} logs in. */
    void loginForm(Context ctx) {
        String once = ctx.queryParam("once");
        if (once != null) {
            Optional<ApiToken> token = sessions.redeem(once, plane.clock().now());
            if (token.isPresent()) {
                startSession(ctx, token.get());
                return;
            }
            loginPage(ctx, 401, "This login link was used already or has expired: run vigil open again.");
            return;
        }
        loginPage(ctx, 200, "");
    }

    /** {@code POST /login}: a token pasted into the form. */
    void login(Context ctx) {
        String secret = Optional.ofNullable(ctx.formParam("token")).orElse("");
        Optional<ApiToken> token;
        try {
            token = dispatcher.login(secret, String.valueOf(ctx.req().getRemoteAddr()));
        } catch (ApiError e) {
            loginPage(ctx, e.status(), "Too many failed attempts from this address; wait a little.");
            return;
        }
        if (token.isEmpty()) {
            loginPage(ctx, 401, "Unknown or revoked token.");
            return;
        }
        startSession(ctx, token.get());
    }

    /** {@code POST /logout}: ends the session (its CSRF token in the form), back to the login page. */
    void logout(Context ctx) {
        Optional<WebSessions.Session> s = dispatcher.session(ctx);
        if (s.isPresent()) {
            if (!s.get().csrf().equals(ctx.formParam("csrf"))) {
                page(ctx, 403, "Forbidden", "<main><p>Missing or wrong CSRF token: nothing done.</p></main>");
                return;
            }
            sessions.end(s.get().id());
        }
        ctx.cookie(cookie("", 0));
        ctx.redirect("/login", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    /**
     * {@code GET /assets/VERSION/FILE}: the stylesheet, the pages' ES modules and uPlot (MIT, from its WebJar), cached
     * for a day (the path changes with Vigil's version); 404 for any other name.
     */
    void asset(Context ctx) {
        String[] asset = ASSETS.get(ctx.pathParam("file"));
        if (asset == null) {
            page(ctx, 404, "Vigil · not found", "<main><p>No such asset.</p></main>");
            return;
        }
        headers(ctx);
        ctx.header("Cache-Control", "public, max-age=86400");
        ctx.contentType(asset[0]).result(asset[1]);
    }

    private void startSession(Context ctx, ApiToken token) {
        WebSessions.Session s = sessions.start(token, plane.clock().now());
        ctx.cookie(cookie(s.id(), (int) WebSessions.LIFETIME.toSeconds()));
        ctx.redirect("/", io.javalin.http.HttpStatus.SEE_OTHER);
    }

    private Cookie cookie(String value, int maxAge) {
        // HttpOnly (no script reads it), SameSite=Strict (no other site's page sends it), Secure under TLS.
        return new Cookie(WebSessions.COOKIE, value, "/", maxAge, tls, true, null, SameSite.STRICT);
    }

    private void loginPage(Context ctx, int status, String problem) {
        String body = """
                <main class="login"><h1>Vigil</h1>
                <form method="post" action="/login">
                <label for="token">API token</label>
                <input id="token" name="token" type="password" autocomplete="current-password" required autofocus>
                <button type="submit">Log in</button>
                %s
                </form>
                <p>Or run <code>vigil open</code> for a one-time link.</p></main>
                """.formatted(problem.isEmpty() ? "" : "<p class=\"problem\" role=\"alert\">" + Html.text(problem) + "</p>");
        page(ctx, status, "Vigil · log in", body);
    }

    private void page(Context ctx, int status, String title, String body) {
        headers(ctx);
        ctx.header("Cache-Control", "no-store");
        ctx.status(status).contentType("text/html; charset=utf-8").result("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s</title><link rel="stylesheet" href="/assets/%s/vigil.css">
                <link rel="stylesheet" href="/assets/%2$s/uplot.css"></head>
                <body>
                %s</body></html>
                """.formatted(Html.text(title), Html.text(plane.version()), body));
    }

    private static void headers(Context ctx) {
        ctx.header("Content-Security-Policy", CSP);
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("X-Content-Type-Options", "nosniff");
    }

    private static String uptime(Duration d) {
        long s = d.toSeconds();
        return s < 60 ? s + "s" : s < 3600 ? s / 60 + "m" + s % 60 + "s" : s / 3600 + "h" + s % 3600 / 60 + "m";
    }

    private static String resource(String path) {
        try (InputStream in = WebPages.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
